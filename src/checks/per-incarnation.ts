import type { Derived, Incarnation } from '../timeline/incarnations.ts';
import { podRef, when } from './format.ts';
import { skip } from './result.ts';
import { type Bounds, livedWithin } from './scope.ts';
import type { CheckResult, Violation } from './types.ts';

/** Every incarnation that lived within the bounds, by ordinal then in creation order. */
export function incarnationsWithin(derived: Derived, b: Bounds): Incarnation[] {
  const out: Incarnation[] = [];
  for (const list of derived.ordinals.values())
    for (const inc of list) if (livedWithin(b, inc)) out.push(inc);
  return out;
}

/** The skip of a check of each incarnation when there is none to check. */
export function skipWithoutPods(id: string, derived: Derived): CheckResult {
  return skip(id, `no pod of StatefulSet ${derived.target.name} was recorded`);
}

/** A violation about one incarnation as created: "web-1 (uid …) created at … <what>". */
export function incarnationViolation(derived: Derived, inc: Incarnation, what: string): Violation {
  return {
    at: inc.createdAt,
    ordinal: inc.ordinal,
    message: `${podRef(inc)} created at ${when(derived, inc.createdAt)} ${what}`,
  };
}
