import { incarnationAt } from '../timeline/queries.ts';
import { list, podRef, when } from './format.ts';
import { healthyAt, unhealthyBelow, unhealthyReason } from './ordering.ts';
import { skip, verdict } from './result.ts';
import { defineScalingCheck } from './scaling.ts';
import type { Check, Violation } from './types.ts';

const ID = 'ORD-4';

/**
 * ORD-4 halt on unhealthy: under OrderedReady, a scale-up requested while an existing pod is not Ready
 * creates no new pod until every lower ordinal is Ready again. Judged only on scale-ups that happened while
 * some pod was unready.
 */
export const ord4HaltOnUnhealthy: Check = defineScalingCheck(
  {
    id: ID,
    title: 'halt on unhealthy',
    tags: ['ordering', 'scale'],
    direction: 'up',
    parallelWhat: 'does not halt on an unready pod',
  },
  ({ derived }, ups) => {
    const violations: Violation[] = [];
    const summaries: string[] = [];
    /** Scale-ups while a pod was unready after which no new pod was created: nothing to compare. */
    const unjudged: string[] = [];
    let judged = 0;
    for (const up of ups) {
      const start = up.spec.ordinalsStart;
      const unhealthy: number[] = [];
      for (let j = start; j < start + up.from; j++)
        if (!healthyAt(incarnationAt(derived, j, up.at), up.at)) unhealthy.push(j);
      if (unhealthy.length === 0) continue;
      const why = unhealthy.map((j) => unhealthyReason(derived, j, up.at)).join(' and ');
      let firstNew: number | undefined;
      for (let k = start + up.from; k < start + up.to; k++) {
        const inc = derived.ordinals.get(k)?.find((i) => i.createdAt >= up.at);
        if (!inc) continue;
        firstNew = Math.min(firstNew ?? inc.createdAt, inc.createdAt);
        const bad = unhealthyBelow(derived, start, k, inc.createdAt);
        if (bad.length > 0)
          violations.push({
            at: inc.createdAt,
            ordinal: k,
            message: `scale-up ${up.from}→${up.to} at ${when(derived, up.at)} while ${why}: ${podRef(inc)} was created at ${when(derived, inc.createdAt)} while ${bad.map((j) => unhealthyReason(derived, j, inc.createdAt)).join(' and ')}`,
          });
      }
      // Without a new pod, no creation time was compared with the health of the lower ordinals.
      if (firstNew === undefined) {
        unjudged.push(
          `scale-up ${up.from}→${up.to} at ${when(derived, up.at)} while ${why}: no new pod was created`,
        );
        continue;
      }
      judged += 1;
      summaries.push(
        `scale-up ${up.from}→${up.to} at ${when(derived, up.at)} while ${why}: first new pod only at ${when(derived, firstNew)}, once all lower ordinals were Ready`,
      );
    }
    if (judged === 0)
      return skip(
        ID,
        unjudged.length > 0
          ? `${list(unjudged)} during the run, so no pod creation could be compared with the health of the lower ordinals`
          : 'no scale-up happened while a pod was unready',
      );
    return verdict(ID, violations, list(summaries), { scaleUps: judged });
  },
);
