import type { CheckResult } from '../../checks/types.ts';
import type { ApiUsage } from '../../report/types.ts';

/** What a step added to the API use counters (which only grow). */
export function usageDelta(before: ApiUsage, after: ApiUsage): ApiUsage {
  const requests: Record<string, number> = {};
  for (const [verb, n] of Object.entries(after.requests)) {
    const d = n - (before.requests[verb] ?? 0);
    if (d > 0) requests[verb] = d;
  }
  return { requests, watches: after.watches - before.watches, execs: after.execs - before.execs };
}

/** REC-1's measurements of the slowest ordinal as the report's phases: deletion … ready, total (ms). */
export function recoverySplit(results: readonly CheckResult[]): Record<string, number> | undefined {
  const m = results.find((r) => r.id === 'REC-1')?.measurements;
  if (!m) return undefined;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(m)) {
    if (k.startsWith('fault') || !k.endsWith('Ms')) continue;
    const phase = k.slice(0, -2);
    const name = { recovery: 'total', volumeAttach: 'attach', containerStart: 'start' }[phase] ?? phase;
    out[name] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Every check of a step that could not run, skipped with the same reason. */
export function skippedResults(ids: readonly string[], reason: string): CheckResult[] {
  return ids.map((id) => ({ id, status: 'skip', reason, violations: [] }));
}
