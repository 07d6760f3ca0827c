import type { SuiteDef } from '../src/catalogue/types.ts';
import { scaleUpDown } from '../src/faults/scale.ts';

/** Ordering: scale-up creates the new ordinal last, scale-down removes it first; claims kept as the policy says (ORD-1, ORD-2, VOL-5). */
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
      checks: ['ORD-1', 'ORD-2', 'ORD-4', 'VOL-5', 'ID-1'],
      make: () => scaleUpDown(),
    },
  ],
};
