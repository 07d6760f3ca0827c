/**
 * A comparison with a baseline for the report tests, made by the comparison itself from synthetic runs:
 * `identity/pod-kill-forced` regressed (its ready phase, and total), `volumes/process-kill` within the
 * threshold, `volumes/pod-kill` inconclusive (one sample a side), `volumes/claim-deletion` in the
 * baseline only, `probes/probe-breakage-readiness` in the new runs only; `identity/<b>&…` (ok) carries
 * markup, to test escaping.
 */
import { compareRuns } from '../../baseline/compare.ts';
import { run, sample } from '../../baseline/testing/reports.ts';
import type { BaselineComparison } from '../../baseline/types.ts';

export const REGRESSED = 'identity/pod-kill-forced';
export const OK = 'volumes/process-kill';
export const INCONCLUSIVE = 'volumes/pod-kill';
export const ESCAPED = 'identity/<b>&"kill"';
export const NEW_ONLY = 'probes/probe-breakage-readiness';
export const BASELINE_ONLY = 'volumes/claim-deletion';

export function fixtureBaseline(): BaselineComparison {
  const before = [1100, 1210, 1300].map((ready, i) =>
    run([
      sample(REGRESSED, ready + 2000, { deletion: 1000, ready }),
      sample(OK, 2000 + i * 100, { ready: 1500 }),
      sample(ESCAPED, 1000),
      ...(i === 0 ? [sample(INCONCLUSIVE, 4000), sample(BASELINE_ONLY, 9000)] : []),
    ]),
  );
  const after = [2800, 2950, 3100].map((ready, i) =>
    run([
      sample(REGRESSED, ready + 2000, { deletion: 1000, ready }),
      sample(OK, 2050 + i * 100, { ready: 1500 }),
      sample(ESCAPED, 1000),
      ...(i === 0 ? [sample(INCONCLUSIVE, 4100), sample(NEW_ONLY, 2000)] : []),
    ]),
  );
  return compareRuns(
    {
      reports: ['last-release/r1/report.json', 'last-release/r2/report.json', 'last-release/r3/report.json'],
      runs: before,
    },
    { reports: ['out/report.json'], runs: after },
  );
}
