/** The settings of the recovery-time baseline gate (`run --baseline`, and `compare`'s thresholds). */
import type { ConfigKey } from '../keys.ts';

export const BASELINE_KEYS: readonly ConfigKey[] = [
  {
    field: 'baseline',
    flag: '--baseline',
    value: '<report>',
    repeatable: true,
    env: 'STS_CHAOS_BASELINE',
    description:
      "an earlier run's report.json (or its report directory, or a directory of them) to compare this run's recovery times with; repeat it to pool several runs; a regression fails the run (exit 1)",
    default: 'none (no comparison)',
  },
  {
    field: 'maxRegression',
    flag: '--max-regression',
    value: '<percent>',
    env: 'STS_CHAOS_MAX_REGRESSION',
    description:
      "how much slower than the baseline's a median recovery time (total or a phase) may be, e.g. 25%; the difference must also exceed the baseline's own spread and 250ms",
    default: '25%',
  },
  {
    field: 'minSamples',
    flag: '--min-samples',
    value: '<n>',
    env: 'STS_CHAOS_MIN_SAMPLES',
    description:
      'samples of a fault needed on each side (the baseline, this run) for a verdict; fewer: inconclusive, never a pass',
    default: '3',
  },
];
