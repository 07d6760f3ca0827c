import type { Incarnation } from '../timeline/incarnations.ts';
import { incarnationAt } from '../timeline/queries.ts';
import { list, podRef, when } from './format.ts';
import { skip, verdict } from './result.ts';
import { defineScalingCheck } from './scaling.ts';
import type { Check, Violation } from './types.ts';

const ID = 'ORD-2';

/**
 * ORD-2 ordered termination: under OrderedReady, a scale-down from a to b deletes the pods of ordinals
 * start+a-1 down to start+b one at a time: the deletion of k is requested only after k+1 is gone.
 */
export const ord2OrderedTermination: Check = defineScalingCheck(
  {
    id: ID,
    title: 'ordered termination',
    tags: ['ordering', 'scale'],
    direction: 'down',
    parallelWhat: 'deletes pods in any order',
  },
  ({ derived }, downs) => {
    const violations: Violation[] = [];
    const summaries: string[] = [];
    /** Pairs of condemned neighbours whose deletion order was compared: the lower one's deletion was asked. */
    let pairs = 0;
    for (const down of downs) {
      const start = down.spec.ordinalsStart;
      const condemned: Incarnation[] = [];
      for (let k = start + down.from - 1; k >= start + down.to; k--) {
        const inc = incarnationAt(derived, k, down.at);
        if (inc) condemned.push(inc);
      }
      for (let i = 1; i < condemned.length; i++) {
        const hi = condemned[i - 1] as Incarnation;
        const lo = condemned[i] as Incarnation;
        const asked = lo.deletionRequestedAt;
        if (asked === undefined || asked < down.at) continue;
        pairs += 1;
        if (hi.deletedAt === undefined || asked < hi.deletedAt)
          violations.push({
            at: asked,
            ordinal: lo.ordinal,
            message: `scale-down ${down.from}→${down.to} at ${when(derived, down.at)}: deletion of ${podRef(lo)} was requested at ${when(derived, asked)} while ${podRef(hi)} ${hi.deletedAt === undefined ? 'was never deleted' : `still existed (gone at ${when(derived, hi.deletedAt)})`}`,
          });
      }
      summaries.push(
        `${down.from}→${down.to} removed ${
          list(
            condemned.map((c) => c.name),
            5,
            ', ',
          ) || 'no pod'
        }`,
      );
    }
    if (pairs === 0)
      return skip(
        ID,
        `scale-downs ${list(summaries)}: fewer than two pods were deleted by one scale-down during the run, so no deletion order could be compared`,
      );
    return verdict(ID, violations, `scale-downs ${list(summaries)}: highest ordinal first, one at a time`, {
      scaleDowns: downs.length,
    });
  },
);
