import type { SuiteDef } from '../src/catalogue/types.ts';
import { scaleUpDown } from '../src/faults/scale.ts';
import { scaleHaltOnUnready } from '../src/faults/scale-halt.ts';

/**
 * Ordering: scale-up creates the new ordinal last, scale-down removes it first, claims kept as the policy
 * says (ORD-1, ORD-2, VOL-5); a scale-up halts while a pod is unready (ORD-4).
 */
export const ordering: SuiteDef = {
  id: 'ordering',
  summary:
    'scale-up creates the new ordinal last, scale-down removes it first, claims kept as the policy says',
  steps: [
    {
      id: 'ordering/scale',
      fault: 'scale',
      note: 'R+1, R-1, R: two ordinals go at once; the extra claims are removed after VOL-5 is judged',
      tags: ['Disruptive'],
      checks: ['ORD-1', 'ORD-2', 'VOL-5', 'ID-1'],
      make: () => scaleUpDown(),
    },
    {
      id: 'ordering/scale-halt',
      fault: 'scale',
      variant: 'halt',
      note: "R+1 asked while the highest ordinal's readiness is broken: no new pod until it is healed",
      tags: ['Disruptive'],
      checks: ['ORD-4', 'ORD-1', 'ID-1'],
      make: () => scaleHaltOnUnready(),
    },
  ],
};
