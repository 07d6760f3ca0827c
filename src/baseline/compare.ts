/**
 * Compares the recovery times of two sets of runs: the baseline (earlier runs, pooled) and the current
 * runs (a run's own report, or reports given to `compare`). Per fault present on both sides and per
 * phase, the medians and ranges and a verdict (judge.ts); the faults of one side only are listed.
 */
import type { RunReport } from '../report/types.ts';
import { secs, signedPercent } from './format.ts';
import { judgePhase, tooFew } from './judge.ts';
import { type CompareOptions, DEFAULT_COMPARE } from './options.ts';
import { type FaultSamples, samplesOf } from './samples.ts';
import type { BaselineComparison, FaultComparison, PhaseComparison, Side } from './types.ts';

/** What a comparison reads of a run: its ID and its steps. */
export type RunSteps = Pick<RunReport, 'runId' | 'steps'>;

/** The reports of one side: where they were read from (for the record) and the runs. */
export interface Runs {
  readonly reports: readonly string[];
  readonly runs: readonly RunSteps[];
}

/** The phases in the order the comparison shows them; other phases follow alphabetically. */
export const PHASE_ORDER = ['total', 'deletion', 'scheduling', 'attach', 'start', 'ready'] as const;

export function compareRuns(
  baseline: Runs,
  current: Runs,
  opts: CompareOptions = DEFAULT_COMPARE,
): BaselineComparison {
  const before = samplesOf(uniqueRuns(baseline.runs));
  const after = samplesOf(uniqueRuns(current.runs));
  const faults: FaultComparison[] = [];
  for (const [fault, now] of after) {
    const then = before.get(fault);
    if (then) faults.push(compareFault(fault, then, now, opts));
  }
  const comparison = {
    maxRegression: opts.maxRegression,
    minSamples: opts.minSamples,
    floorMs: opts.floor.toMilliseconds(),
    baseline: side(baseline),
    current: side(current),
    faults,
    baselineOnly: [...before.keys()].filter((f) => !after.has(f)),
    currentOnly: [...after.keys()].filter((f) => !before.has(f)),
  };
  const verdict = faults.some((f) => f.verdict === 'regression')
    ? 'regression'
    : faults.some((f) => f.verdict === 'ok')
      ? 'ok'
      : 'inconclusive';
  return { verdict, summary: summaryOf(verdict, comparison, before.size, after.size), ...comparison };
}

/** One fault: every phase with samples on both sides, `total` first. */
function compareFault(
  fault: string,
  then: FaultSamples,
  now: FaultSamples,
  opts: CompareOptions,
): FaultComparison {
  const phases: PhaseComparison[] = [];
  for (const phase of phaseOrder([...now.phases.keys()])) {
    const b = then.phases.get(phase);
    const c = now.phases.get(phase);
    if (b?.length && c?.length) phases.push(judgePhase(phase, b, c, opts));
  }
  const total = phases.find((p) => p.phase === 'total');
  const verdict = phases.some((p) => p.verdict === 'regression')
    ? 'regression'
    : (total?.verdict ?? 'inconclusive');
  return { fault, verdict, phases };
}

function phaseOrder(names: readonly string[]): string[] {
  const known: readonly string[] = PHASE_ORDER;
  return [...PHASE_ORDER.filter((p) => names.includes(p)), ...names.filter((p) => !known.includes(p)).sort()];
}

/** The runs, each run ID once (the same report given twice is one run). */
function uniqueRuns(runs: readonly RunSteps[]): RunSteps[] {
  const seen = new Set<string>();
  return runs.filter((r) => !seen.has(r.runId) && seen.add(r.runId));
}

function side(s: Runs): Side {
  return { reports: [...s.reports], runIds: uniqueRuns(s.runs).map((r) => r.runId) };
}

/** "identity/pod-kill-forced ready +144% (1.21s → 2.95s)" for each regressed phase. */
export function regressions(c: Pick<BaselineComparison, 'faults'>): string[] {
  return c.faults.flatMap((f) =>
    f.phases
      .filter((p) => p.verdict === 'regression')
      .map(
        (p) =>
          `${f.fault} ${p.phase} ${signedPercent(p.change)} (${secs(p.baseline.median)} → ${secs(p.current.median)})`,
      ),
  );
}

function summaryOf(
  verdict: BaselineComparison['verdict'],
  c: Omit<BaselineComparison, 'verdict' | 'summary'>,
  baselineFaults: number,
  currentFaults: number,
): string {
  const runs = `${c.baseline.runIds.length} baseline run${c.baseline.runIds.length === 1 ? '' : 's'}`;
  if (verdict === 'regression') return `recovery slower than the baseline: ${regressions(c).join(', ')}`;
  const inconclusive = c.faults.filter((f) => f.verdict === 'inconclusive');
  if (verdict === 'ok') {
    const judged = c.faults.length - inconclusive.length;
    const rest = inconclusive.length ? `; ${inconclusive.length} inconclusive` : '';
    return `no recovery regression: ${judged} fault${judged === 1 ? '' : 's'} judged against ${runs}${rest}`;
  }
  if (baselineFaults === 0)
    return 'nothing to compare: the baseline has no sample (no judged step with a recovery time)';
  if (currentFaults === 0)
    return 'nothing to compare: the new runs have no sample (no judged step with a recovery time)';
  if (c.faults.length === 0)
    return `nothing to compare: no fault in common with the baseline (baseline: ${c.baselineOnly.join(', ')}; new: ${c.currentOnly.join(', ')})`;
  const why = inconclusive.map((f) => {
    const total = f.phases.find((p) => p.phase === 'total');
    const short = total && tooFew(total.baseline.n, total.current.n, c.minSamples);
    return `${f.fault}: ${short ?? 'no verdict'}`;
  });
  return `nothing to compare: no fault has enough samples (${why.join('; ')})`;
}
