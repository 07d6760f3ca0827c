import type { SuiteDef } from '../src/catalogue/types.ts';
import { nodeCordon } from '../src/faults/node-cordon.ts';
import { nodeDrain } from '../src/faults/node-drain.ts';
import { nodeLoss } from '../src/faults/node-loss.ts';

/**
 * Split-brain: node cordon, drain and loss never leave two live copies of an ordinal (SB-1..4), nor a volume
 * attached to two nodes (VOL-6: the Multi-Attach waits named).
 */
export const splitBrain: SuiteDef = {
  id: 'split-brain',
  summary: 'node cordon, drain and loss never leave two live copies of an ordinal',
  steps: [
    {
      id: 'split-brain/node-cordon',
      fault: 'node-cordon',
      tags: ['Disruptive', 'NodeFault'],
      checks: ['SB-1', 'ID-1', 'VOL-1', 'VOL-3', 'VOL-6', 'REC-1'],
      make: () => nodeCordon(),
    },
    {
      id: 'split-brain/node-drain',
      fault: 'node-drain',
      note: 'Eviction API, PodDisruptionBudgets honoured',
      tags: ['Disruptive', 'NodeFault'],
      checks: ['SB-1', 'VOL-1', 'VOL-3', 'VOL-6', 'REC-1'],
      make: () => nodeDrain(),
    },
    {
      id: 'split-brain/node-loss',
      fault: 'node-loss',
      tags: ['Disruptive', 'NodeFault'],
      checks: ['SB-1', 'SB-2', 'SB-3', 'SB-4', 'VOL-3', 'VOL-6', 'REC-1'],
      make: () => nodeLoss(),
    },
  ],
};
