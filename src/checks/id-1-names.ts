import type { Incarnation } from '../timeline/incarnations.ts';
import { expectedOrdinals, lastStatefulSetBy, liveAt, specAt } from '../timeline/queries.ts';
import { defineCheck } from './define.ts';
import { ordinalNames, podRef, podState, when } from './format.ts';
import { skip, verdict } from './result.ts';
import type { Check, Violation } from './types.ts';

/**
 * ID-1 names and count: at the end of the run (or window), exactly the ordinals of the spec exist, each pod
 * named `S-i`, and no pod of the StatefulSet has any other name. Skipped when the StatefulSet object last
 * seen by then had its deletion requested (a StatefulSet deleted and created again is judged).
 */
const ID = 'ID-1';

export const id1Names: Check = defineCheck(
  { id: ID, title: 'names and count', tags: ['identity'] },
  ({ derived, bounds: { to } }) => {
    // Judged unless the StatefulSet at the end is gone or going; one created again after a deletion is judged.
    const asked = lastStatefulSetBy(derived, to)?.deletionRequestedAt;
    if (asked !== undefined && asked <= to)
      return skip(
        ID,
        `StatefulSet ${derived.target.name} was deleted at ${when(derived, asked)}: no ordinal is expected after that`,
      );
    if (derived.ordinals.size === 0 && derived.foreignPods.length === 0)
      return skip(ID, `no pod of StatefulSet ${derived.target.name} was recorded`);

    const spec = specAt(derived, to);
    const expected = expectedOrdinals(spec);
    const expectedSet = new Set(expected);
    const violations: Violation[] = [];
    const live = new Map<number, Incarnation[]>();
    for (const [ordinal, list] of derived.ordinals) {
      const alive = list.filter((inc) => liveAt(inc, to));
      if (alive.length > 0) live.set(ordinal, alive);
    }
    const range = spec.replicas === 0 ? 'no ordinal' : `ordinals ${expected[0]}..${expected.at(-1)}`;

    for (const ordinal of expected) {
      const alive = live.get(ordinal);
      if (!alive) {
        const last = derived.ordinals.get(ordinal)?.at(-1);
        violations.push({
          at: to,
          ordinal,
          message: last
            ? `${derived.target.name}-${ordinal} does not exist at ${when(derived, to)}: its last incarnation ${podRef(last)} was ${podState(derived, last)}`
            : `${derived.target.name}-${ordinal} never existed (spec: replicas ${spec.replicas}, ${range})`,
        });
      } else if (alive.length > 1) {
        violations.push({
          at: to,
          ordinal,
          message: `${alive.length} pod objects named ${alive[0]?.name} exist at ${when(derived, to)}: ${alive.map(podRef).join(', ')}`,
        });
      }
    }
    for (const [ordinal, alive] of live) {
      if (expectedSet.has(ordinal)) continue;
      for (const inc of alive)
        violations.push({
          at: to,
          ordinal,
          message: `${podRef(inc)} exists at ${when(derived, to)} but the spec asks for replicas ${spec.replicas} (${range}); it is ${podState(derived, inc)}`,
        });
    }
    for (const f of derived.foreignPods)
      violations.push({
        at: f.at,
        message: `pod ${f.name} (uid ${f.uid}) is controlled by StatefulSet ${derived.target.name} but is not named ${derived.target.name}-<ordinal>`,
      });

    return verdict(
      ID,
      violations,
      `at ${when(derived, to)} exactly ${ordinalNames(derived.target.name, expected) || 'no pod'} exist (replicas ${spec.replicas}, ordinals from ${spec.ordinalsStart})`,
      { expected: expected.length, existing: [...live.values()].reduce((n, l) => n + l.length, 0) },
    );
  },
);
