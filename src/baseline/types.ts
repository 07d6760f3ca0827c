/**
 * What comparing recovery times with a baseline gives (src/baseline/compare.ts): per fault and per phase,
 * the samples of both sides summarised and a verdict. A RunReport made with --baseline carries it
 * (`RunReport.baseline`), so that every report format shows it.
 */

/**
 * `regression`: slower beyond the threshold, the baseline's spread and the floor; `ok`: judged, not slower
 * beyond them; `inconclusive`: too few samples for a verdict (never a pass).
 */
export type Verdict = 'regression' | 'ok' | 'inconclusive';

/** The samples of one side (milliseconds): how many, their median and their range. */
export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** One recovery phase (`total`, `deletion`, `scheduling`, `attach`, `start`, `ready` …) of one fault. */
export interface PhaseComparison {
  readonly phase: string;
  readonly verdict: Verdict;
  /** One line: why the verdict (the rule that decided, or the samples missing). */
  readonly why: string;
  /** The current median's change over the baseline's, as a fraction (1.44 is +144%); absent when the baseline's is 0. */
  readonly change?: number;
  readonly baseline: Summary;
  readonly current: Summary;
}

/** One fault present on both sides: its phases (`total` first) and their verdict. */
export interface FaultComparison {
  /** The step's catalogue ID (`identity/pod-kill-forced`), or its fault for a step without one. */
  readonly fault: string;
  /** `regression` if any phase is one; else the `total` phase's verdict. */
  readonly verdict: Verdict;
  readonly phases: readonly PhaseComparison[];
}

/** The runs of one side: the reports as given, and the runs they hold. */
export interface Side {
  readonly reports: readonly string[];
  readonly runIds: readonly string[];
}

/** The whole comparison, with the settings it was made with. */
export interface BaselineComparison {
  /**
   * `regression` if any fault regressed; `ok` if at least one fault was judged and none regressed;
   * `inconclusive` if no fault could be judged (none in common, or too few samples): not a pass.
   */
  readonly verdict: Verdict;
  /** One line saying the verdict and what it rests on. */
  readonly summary: string;
  /** Percent of the baseline's median. */
  readonly maxRegression: number;
  readonly minSamples: number;
  /** A difference of medians at most this long (ms) is never a regression. */
  readonly floorMs: number;
  readonly baseline: Side;
  readonly current: Side;
  /** The faults on both sides, in the order the current runs took them. */
  readonly faults: readonly FaultComparison[];
  /** Faults with samples in the baseline only (not compared). */
  readonly baselineOnly: readonly string[];
  /** Faults with samples in the current runs only (not compared). */
  readonly currentOnly: readonly string[];
}
