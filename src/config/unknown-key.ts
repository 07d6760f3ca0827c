/** The message of a key the schema does not know, with the key that was probably meant. */
import { quote } from './message.ts';
import { RunConfigObject } from './schema.ts';

const TOP_KEYS = Object.keys(RunConfigObject.shape);
const NESTED_KEYS: Record<string, readonly string[]> = {
  nodeLoss: Object.keys(RunConfigObject.shape.nodeLoss.unwrap().shape),
  probes: Object.keys(RunConfigObject.shape.probes.unwrap().shape),
  roleQuery: Object.keys(RunConfigObject.shape.roleQuery.unwrap().shape),
  dataCheck: Object.keys(RunConfigObject.shape.dataCheck.unwrap().shape),
};

/** `unknown key "<key>" (did you mean …? | known keys: …)` for `key` in the mapping at `path`. */
export function unknownKeyMessage(path: readonly string[], key: string): string {
  const known = path.length === 0 ? TOP_KEYS : (NESTED_KEYS[path[0] ?? ''] ?? []);
  const norm = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');
  const close = known.find((k) => norm(k) === norm(key)) ?? known.find((k) => editDistance(k, key) <= 2);
  const hint = close ? `did you mean ${quote(close)}?` : `known keys: ${known.join(', ')}`;
  return `unknown key ${quote(key)} (${hint})`;
}

/** The Levenshtein distance of `a` and `b`, or 3 when it is plainly more than 2. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2 || b.length > 64) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 3;
}
