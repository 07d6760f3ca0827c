/** Identity: a recreated pod keeps its name, hostname, subdomain, DNS name and labels (ID-1..4). */

import { STEP_TIMEOUT, session, verdict } from '../src/engine/session.ts';
import { podKill } from '../src/faults/pod-kill.ts';
import type { StepReport } from '../src/report/types.ts';

const CHECKS = [
  ['ID-1', 'names and count'],
  ['ID-2', 'hostname and subdomain'],
  ['ID-3', 'DNS name resolves to the new pod'],
  ['ID-4', 'pod-name and pod-index labels'],
  ['SB-1', 'one pod per ordinal'],
  ['SB-4', 'one writer (role query)'],
  ['REC-1', 'recovery time'],
] as const;

for (const force of [false, true]) {
  const fault = `pod-kill ${force ? 'forced' : 'graceful'}`;
  describe(`identity: ${fault} [Disruptive]`, function () {
    this.timeout(STEP_TIMEOUT);
    let step: StepReport | undefined;
    before(async () => {
      step = await session().faultStep(
        'identity',
        podKill({ force }),
        CHECKS.map(([id]) => id),
      );
    });
    for (const [id, title] of CHECKS) {
      it(`${id} ${title} [${fault}]`, function () {
        verdict(this, step, id);
      });
    }
  });
}
