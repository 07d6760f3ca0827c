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

/** REC-1's slowest recovery as the report's phases: deletion … ready, total (ms). */
export function recoverySplit(results: readonly CheckResult[]): Record<string, number> | undefined {
  const r = results.find((x) => x.id === 'REC-1')?.recovery;
  if (!r) return undefined;
  const p = r.phases;
  return {
    ...(p
      ? {
          deletion: p.deletionMs,
          scheduling: p.schedulingMs,
          attach: p.volumeAttachMs,
          start: p.containerStartMs,
          ready: p.readyMs,
        }
      : {}),
    total: r.totalMs,
  };
}

/** Every check of a step that could not run, skipped with the same reason. */
export function skippedResults(ids: readonly string[], reason: string): CheckResult[] {
  return ids.map((id) => ({ id, status: 'skip', reason, violations: [] }));
}
