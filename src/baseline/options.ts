/** How a comparison with the baseline judges: the threshold, the samples needed, the floor. */
import { Duration } from '../util/duration.ts';

export interface CompareOptions {
  /**
   * How much slower than the baseline's median (percent of it) the current median may be before it is a
   * regression. @default 25
   */
  readonly maxRegression: number;
  /** Samples needed on each side (baseline, current) for a verdict; fewer is inconclusive. @default 3 */
  readonly minSamples: number;
  /**
   * A difference of medians at most this long is never a regression, whatever the percentage: a phase of
   * a few hundred milliseconds moves by more than 25% on a busy node alone. @default 250ms
   */
  readonly floor: Duration;
}

export const DEFAULT_COMPARE: CompareOptions = {
  maxRegression: 25,
  minSamples: 3,
  floor: Duration.millis(250),
};
