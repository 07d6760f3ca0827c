import type { ClaimIncarnation } from '../timeline/incarnations.ts';
import { specAt } from '../timeline/queries.ts';
import { skip } from './result.ts';
import type { Bounds } from './scope.ts';
import type { CheckInput, CheckResult } from './types.ts';

/** The skip of a volume check when the StatefulSet (as last seen in the bounds) claims no volumes. */
export function skipWithoutClaims(id: string, input: CheckInput, b: Bounds): CheckResult | undefined {
  if (specAt(input.derived, b.to).claimTemplates.length > 0) return undefined;
  return skip(id, `StatefulSet ${input.derived.target.name} has no volumeClaimTemplates`);
}

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
