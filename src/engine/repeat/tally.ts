/**
 * The running summary of a run of several iterations, logged after each: iterations done, steps, the
 * checks passed, failed and skipped so far, and the median recovery of each step (fault and variant).
 */
import type { StepReport } from '../../report/types.ts';
import { Duration } from '../../util/duration.ts';

export interface Tally {
  readonly iterations: number;
  readonly steps: number;
  readonly pass: number;
  readonly fail: number;
  readonly skip: number;
  /** Per step (its catalogue ID, else its fault): the median of REC-1's total recovery, and of how many. */
  readonly recovery: readonly { readonly step: string; readonly medianMs: number; readonly n: number }[];
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

export function tally(steps: readonly StepReport[], iterations: number): Tally {
  const counts = { pass: 0, fail: 0, skip: 0 };
  const totals = new Map<string, number[]>();
  for (const s of steps) {
    for (const r of s.results) counts[r.status]++;
    const total = s.recovery?.total;
    if (total === undefined) continue;
    const key = s.step ?? s.fault;
    totals.set(key, [...(totals.get(key) ?? []), total]);
  }
  return {
    iterations,
    steps: steps.length,
    ...counts,
    recovery: [...totals].map(([step, ms]) => ({ step, medianMs: median(ms), n: ms.length })),
  };
}

/** The summary as one log line. */
export function tallyLine(t: Tally, of: string): string {
  const rec = t.recovery.length
    ? t.recovery.map((r) => `${r.step} ${Duration.millis(r.medianMs)} (${r.n})`).join(', ')
    : 'none measured';
  return `${t.iterations} iteration${t.iterations === 1 ? '' : 's'} done${of}: ${t.steps} steps; checks ${t.pass} passed, ${t.fail} failed, ${t.skip} skipped; recovery median: ${rec}`;
}
