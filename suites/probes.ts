/** Probes: a broken readiness probe takes the pod out of service without a restart; liveness restarts it (PRB-1, PRB-2). */

import { STEP_TIMEOUT, session, verdict } from '../src/engine/session.ts';
import { probeBreakage } from '../src/faults/probe-breakage.ts';
import type { StepReport } from '../src/report/types.ts';

const steps = [
  [
    'readiness',
    [
      ['PRB-1', 'readiness: out of the endpoints, not restarted, back with the same identity'],
      ['REC-1', 'recovery time'],
    ],
  ],
  [
    'liveness',
    [
      ['PRB-2', 'liveness: restarted in the same pod, identity and volume unchanged'],
      ['VOL-1', 'same claim'],
      ['REC-1', 'recovery time'],
    ],
  ],
] as const;

for (const [probe, checks] of steps) {
  describe(`probes: ${probe} probe breakage [Disruptive]`, function () {
    this.timeout(STEP_TIMEOUT);
    let step: StepReport | undefined;
    before(async () => {
      step = await session().faultStep(
        'probes',
        probeBreakage(probe),
        checks.map(([id]) => id),
      );
    });
    for (const [id, title] of checks) {
      it(`${id} ${title} [probe-breakage ${probe}]`, function () {
        verdict(this, step, id);
      });
    }
  });
}
