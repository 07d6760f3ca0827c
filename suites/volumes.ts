/** Volumes: every incarnation mounts its own claim, the same volume, with its data (VOL-1..4). */

import { STEP_TIMEOUT, session, verdict } from '../src/engine/session.ts';
import { claimDeletion } from '../src/faults/claim-deletion.ts';
import { podKill } from '../src/faults/pod-kill.ts';
import { processKill } from '../src/faults/process-kill.ts';
import type { Fault } from '../src/faults/types.ts';
import type { StepReport } from '../src/report/types.ts';

const CORE = [
  ['VOL-1', 'same claim'],
  ['VOL-2', 'same volume'],
  ['VOL-3', 'data survives'],
  ['REC-1', 'recovery time'],
] as const;

const steps: [string, () => Fault, readonly (readonly [string, string])[]][] = [
  ['pod-kill', () => podKill(), CORE],
  ['process-kill', () => processKill(), CORE],
  [
    'claim-deletion',
    () => claimDeletion(),
    [
      ['VOL-4', 'claim recreated, data loss reported'],
      ['VOL-1', 'same claim'],
      ['REC-1', 'recovery time'],
    ],
  ],
];

for (const [name, make, checks] of steps) {
  describe(`volumes: ${name} [Disruptive]`, function () {
    this.timeout(STEP_TIMEOUT);
    let step: StepReport | undefined;
    before(async () => {
      step = await session().faultStep(
        'volumes',
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
