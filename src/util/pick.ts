/**
 * The named fields of an object that may be absent, in the order named: each key is set, to undefined where
 * the object or the field is absent (so that every snapshot of a kind has the same keys).
 */
export function pick<T extends object, const K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K>;
export function pick<T extends object, const K extends keyof T>(
  o: T | undefined,
  keys: readonly K[],
): Partial<Pick<T, K>>;
export function pick<T extends object, const K extends keyof T>(
  o: T | undefined,
  keys: readonly K[],
): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) out[k] = o?.[k];
  return out;
}
