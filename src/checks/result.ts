import type { CheckResult, Violation } from './types.ts';

/** How many violation messages the reason of a failed check quotes. */
const QUOTED = 3;

export function pass(id: string, reason: string, measurements?: Record<string, number>): CheckResult {
  return measurements
    ? { id, status: 'pass', reason, violations: [], measurements }
    : { id, status: 'pass', reason, violations: [] };
}

export function skip(id: string, reason: string): CheckResult {
  return { id, status: 'skip', reason, violations: [] };
}

/** A failed result whose reason quotes the earliest violations. */
export function fail(
  id: string,
  violations: readonly Violation[],
  measurements?: Record<string, number>,
): CheckResult {
  const sorted = [...violations].sort((a, b) => a.at - b.at);
  const quoted = sorted.slice(0, QUOTED).map((v) => v.message);
  const more = sorted.length > QUOTED ? ` (and ${sorted.length - QUOTED} more)` : '';
  const reason =
    sorted.length === 1 ? (quoted[0] as string) : `${sorted.length} violations: ${quoted.join('; ')}${more}`;
  return measurements
    ? { id, status: 'fail', reason, violations: sorted, measurements }
    : { id, status: 'fail', reason, violations: sorted };
}

/** Fail when there are violations, else pass with `passReason`. */
export function verdict(
  id: string,
  violations: readonly Violation[],
  passReason: string,
  measurements?: Record<string, number>,
): CheckResult {
  return violations.length > 0 ? fail(id, violations, measurements) : pass(id, passReason, measurements);
}
