/**
 * The baseline gate of `run --baseline`: the baseline's reports read before the run touches anything (a
 * path that cannot be read is exit 2 then, not after the faults), and at the run's end its own steps
 * compared with them. The gate changes only a run that got to its verdict (passed or failed):
 *
 *  - a regression: a passed run fails (exit 1), its reason names each fault and phase that regressed;
 *  - nothing could be judged (no fault in common, too few samples): not a pass either; a passed run fails
 *    (exit 1) with a reason saying why and what to do;
 *  - a failed run keeps exit 1, the gate's reason added to its own.
 *
 * Whatever the outcome, the comparison goes into the report (`RunReport.baseline`) and the log.
 */
import { join } from 'node:path';
import type { RunConfig } from '../config/types.ts';
import { ExitCode } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { RunOutcome, RunReport } from '../report/types.ts';
import { compareRuns, type RunSteps } from './compare.ts';
import { loadReports, REPORT_JSON } from './load.ts';
import { type CompareOptions, DEFAULT_COMPARE } from './options.ts';
import { comparisonTable } from './table.ts';
import { pairByTarget, type TargetRef } from './targets.ts';
import type { BaselineComparison } from './types.ts';

/** The baseline a run compares itself with: each report's file, target and steps (not its timeline). */
export interface Baseline {
  readonly reports: readonly {
    readonly file: string;
    readonly target: TargetRef;
    readonly run: RunSteps;
  }[];
  readonly options: CompareOptions;
}

/** The verdict of a run, as the report carries it. */
export interface RunVerdict {
  readonly outcome: RunOutcome;
  readonly exitCode: number;
  readonly reason?: string;
  /** The comparison with the baseline, when there is one. */
  readonly baseline?: BaselineComparison;
}

/** Reads the reports of `cfg.baseline` (undefined when none is given); a bad one throws a UsageError. */
export async function loadBaseline(
  cfg: Pick<RunConfig, 'baseline' | 'maxRegression' | 'minSamples'>,
): Promise<Baseline | undefined> {
  if (cfg.baseline.length === 0) return undefined;
  const loaded = await loadReports(cfg.baseline, 'baseline report');
  return {
    // Only what the comparison reads is held for the run's length, not the reports' whole timelines.
    reports: loaded.map(({ file, report }) => ({
      file,
      target: report.target,
      run: { runId: report.runId, steps: report.steps },
    })),
    options: { ...DEFAULT_COMPARE, maxRegression: cfg.maxRegression, minSamples: cfg.minSamples },
  };
}

/**
 * The run's verdict once its steps are compared with `baseline` (unchanged without one). Never throws: a
 * comparison that cannot be made fails a passed run, as a regression would.
 */
export function gateOnBaseline(
  baseline: Baseline | undefined,
  run: Pick<RunReport, 'runId' | 'steps' | 'target'> & { readonly reportDir: string },
  verdict: RunVerdict,
  log: Pick<Logger, 'info' | 'warn'>,
): RunVerdict {
  if (!baseline) return verdict;
  let comparison: BaselineComparison;
  let table: string[];
  // The baseline's reports of this run's StatefulSet (a baseline of several targets holds others too).
  const [pair] = pairByTarget(baseline.reports, [{ target: run.target }]);
  const reports = pair?.baseline ?? [];
  if (pair?.note) log.info({ baseline: true }, `baseline: ${pair.note}`);
  try {
    comparison = compareRuns(
      { reports: reports.map((r) => r.file), runs: reports.map((r) => r.run) },
      { reports: [join(run.reportDir, REPORT_JSON)], runs: [run] },
      baseline.options,
    );
    table = comparisonTable(comparison);
  } catch (e) {
    const why = `baseline: the comparison failed: ${(e as Error).message}`;
    log.warn({ baseline: true }, why);
    return fail(verdict, why);
  }
  for (const line of table) if (line) log.info({ baseline: true }, line);
  const gated = { ...verdict, baseline: comparison };
  if (!reports.length && pair?.note) return fail(gated, `baseline gate without a verdict: ${pair.note}`);
  if (comparison.verdict === 'ok') return gated;
  log.warn({ baseline: comparison.verdict }, `baseline: ${comparison.summary}`);
  return fail(gated, gateReason(comparison));
}

/** Why the gate fails a run: the regressions, or why nothing could be judged and what to do. */
export function gateReason(c: BaselineComparison): string {
  if (c.verdict === 'regression') return c.summary;
  const hint =
    c.faults.length > 0
      ? `; run each step several times (--repeat 3), pool more runs in --baseline, or lower --min-samples (a run has one sample per step per iteration)`
      : '';
  return `baseline gate without a verdict: ${c.summary}${hint}`;
}

/** A passed run failed with `why`; a failed run keeps its code with `why` added; any other left as is. */
function fail(verdict: RunVerdict, why: string): RunVerdict {
  if (verdict.outcome === 'passed')
    return { ...verdict, outcome: 'failed', exitCode: ExitCode.ChecksFailed, reason: why };
  if (verdict.outcome === 'failed')
    return { ...verdict, reason: verdict.reason ? `${verdict.reason}; ${why}` : why };
  return verdict;
}
