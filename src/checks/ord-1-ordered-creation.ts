import { specAt } from '../timeline/queries.ts';
import { defineCheck } from './define.ts';
import { podRef, when } from './format.ts';
import { skipWhenParallel, unhealthyBelow, unhealthyReason } from './ordering.ts';
import { skip, verdict } from './result.ts';
import { within } from './scope.ts';
import type { Check, Violation } from './types.ts';

const ID = 'ORD-1';

/**
 * ORD-1 ordered creation: under OrderedReady, a pod of ordinal k > start is only created (first or again)
 * while every lower ordinal is Running, Ready and not terminating. Pods that existed before recording
 * started are not judged.
 */
export const ord1OrderedCreation: Check = defineCheck(
  { id: ID, title: 'ordered creation', tags: ['ordering'] },
  ({ derived, bounds: b }) => {
    const parallel = skipWhenParallel(ID, derived, b, 'creates pods in any order');
    if (parallel) return parallel;

    const violations: Violation[] = [];
    let judged = 0;
    for (const list of derived.ordinals.values()) {
      for (const inc of list) {
        if (inc.preexisting || !within(b, inc.createdAt)) continue;
        const start = specAt(derived, inc.createdAt).ordinalsStart;
        if (inc.ordinal <= start) continue;
        judged += 1;
        const bad = unhealthyBelow(derived, start, inc.ordinal, inc.createdAt);
        if (bad.length > 0)
          violations.push({
            at: inc.createdAt,
            ordinal: inc.ordinal,
            message: `${podRef(inc)} was created at ${when(derived, inc.createdAt)} while ${bad.map((j) => unhealthyReason(derived, j, inc.createdAt)).join(' and ')}`,
          });
      }
    }
    if (judged === 0)
      return skip(
        ID,
        `no pod of an ordinal above ${derived.target.ordinalsStart} was created during the run`,
      );
    return verdict(
      ID,
      violations,
      `${judged} pod creations each waited for every lower ordinal to be Ready`,
      {
        creations: judged,
      },
    );
  },
);
