import type { ClaimIncarnation } from '../timeline/incarnations.ts';

/** The claim object of that name that existed at t. */
export function claimAt(
  list: readonly ClaimIncarnation[] | undefined,
  t: number,
): ClaimIncarnation | undefined {
  if (!list) return undefined;
  for (let i = list.length - 1; i >= 0; i--) {
    const c = list[i] as ClaimIncarnation;
    if (c.createdAt <= t && (c.deletedAt === undefined || t < c.deletedAt)) return c;
  }
  return undefined;
}
