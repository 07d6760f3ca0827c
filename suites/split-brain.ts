/** Split-brain: node cordon, drain and loss never leave two live copies of an ordinal (SB-1..3). */

import { STEP_TIMEOUT, session, verdict } from '../src/engine/session.ts';
import { nodeCordon } from '../src/faults/node-cordon.ts';
import { nodeDrain } from '../src/faults/node-drain.ts';
import { nodeLoss } from '../src/faults/node-loss.ts';
import type { Fault } from '../src/faults/types.ts';
import type { StepReport } from '../src/report/types.ts';

const steps: [string, () => Fault, readonly (readonly [string, string])[]][] = [
  [
    'node-cordon',
    nodeCordon,
    [
      ['SB-1', 'one pod per ordinal'],
      ['ID-1', 'names and count'],
      ['VOL-1', 'same claim'],
      ['VOL-3', 'data survives'],
      ['REC-1', 'recovery time'],
    ],
  ],
  [
    'node-drain',
    nodeDrain,
    [
      ['SB-1', 'one pod per ordinal'],
      ['VOL-1', 'same claim'],
      ['VOL-3', 'data survives'],
      ['REC-1', 'recovery time'],
    ],
  ],
  [
    'node-loss',
    nodeLoss,
    [
      ['SB-1', 'one pod per ordinal'],
      ['SB-2', 'no unfenced replacement'],
      ['SB-3', 'old incarnation ends'],
      ['SB-4', 'one writer (role query)'],
      ['VOL-3', 'data survives'],
      ['REC-1', 'recovery time'],
    ],
  ],
];

for (const [name, make, checks] of steps) {
  describe(`split-brain: ${name} [Disruptive] [NodeFault]`, function () {
    this.timeout(STEP_TIMEOUT);
    let step: StepReport | undefined;
    before(async () => {
      step = await session().faultStep(
        'split-brain',
        make(),
        checks.map(([id]) => id),
      );
    });
    for (const [id, title] of checks) {
      it(`${id} ${title} [${name}]`, function () {
        verdict(this, step, id);
      });
    }
  });
}
