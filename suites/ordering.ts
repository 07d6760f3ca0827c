/** Ordering: scale-up creates the new ordinal last, scale-down removes it first; claims kept as the policy says (ORD-1, ORD-2, VOL-5). */

import { STEP_TIMEOUT, session, verdict } from '../src/engine/session.ts';
import { scaleUpDown } from '../src/faults/scale.ts';
import type { StepReport } from '../src/report/types.ts';

const CHECKS = [
  ['ORD-1', 'ordered creation'],
  ['ORD-2', 'ordered termination'],
  ['ORD-4', 'halt on unhealthy'],
  ['VOL-5', 'retention policy'],
  ['ID-1', 'names and count'],
] as const;

describe('ordering: scale +1 and back [Disruptive]', function () {
  this.timeout(STEP_TIMEOUT);
  let step: StepReport | undefined;
  before(async () => {
    step = await session().faultStep(
      'ordering',
      scaleUpDown(),
      CHECKS.map(([id]) => id),
    );
  });
  for (const [id, title] of CHECKS) {
    it(`${id} ${title} [scale]`, function () {
      verdict(this, step, id);
    });
  }
});
