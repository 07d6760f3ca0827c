import type { SuiteDef } from '../src/catalogue/types.ts';
import { claimDeletion } from '../src/faults/claim-deletion.ts';
import { podKill } from '../src/faults/pod-kill.ts';
import { processKill } from '../src/faults/process-kill.ts';

const core = ['VOL-1', 'VOL-2', 'VOL-3', 'REC-1'] as const;
/** A deleted pod may come back on another node: its volume moves, detached before it is attached (VOL-6). */
const moving = ['VOL-1', 'VOL-2', 'VOL-3', 'VOL-6', 'REC-1'] as const;

/**
 * Volumes: every incarnation mounts its own claim, the same volume, with its data, attached to one node at
 * a time (VOL-1..4, VOL-6).
 */
export const volumes: SuiteDef = {
  id: 'volumes',
  summary: 'every incarnation mounts its own claim, the same volume, with its data',
  steps: [
    {
      id: 'volumes/pod-kill',
      fault: 'pod-kill',
      tags: ['Disruptive'],
      checks: moving,
      make: () => podKill(),
    },
    {
      id: 'volumes/process-kill',
      fault: 'process-kill',
      note: 'exec, or an ephemeral container when the image has no shell',
      tags: ['Disruptive'],
      checks: core,
      make: () => processKill(),
    },
    {
      id: 'volumes/claim-deletion',
      fault: 'claim-deletion',
      note: "destroys that ordinal's data",
      tags: ['Disruptive'],
      checks: ['VOL-4', 'VOL-1', 'VOL-6', 'REC-1'],
      make: () => claimDeletion(),
    },
  ],
};
