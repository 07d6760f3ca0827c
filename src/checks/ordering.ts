import type { Derived, Incarnation } from '../timeline/incarnations.ts';
import { incarnationAt, readyAtTime, specAt } from '../timeline/queries.ts';
import { podRef, when } from './format.ts';
import { skip } from './result.ts';
import type { Bounds } from './scope.ts';
import type { CheckResult } from './types.ts';

/** The skip of an ordering check when the StatefulSet (as last seen in the bounds) is Parallel: the controller <what>. */
export function skipWhenParallel(
  id: string,
  derived: Derived,
  b: Bounds,
  what: string,
): CheckResult | undefined {
  if (specAt(derived, b.to).podManagementPolicy !== 'Parallel') return undefined;
  return skip(id, `podManagementPolicy is Parallel: the controller ${what}`);
}

/** Healthy in the controller's sense at t: exists, Ready, and not terminating. */
export function healthyAt(inc: Incarnation | undefined, t: number): inc is Incarnation {
  return (
    inc !== undefined &&
    readyAtTime(inc, t) &&
    (inc.deletionRequestedAt === undefined || inc.deletionRequestedAt > t)
  );
}

/** Why `ordinal` was not healthy at t, for messages. */
export function unhealthyReason(derived: Derived, ordinal: number, t: number): string {
  const name = `${derived.target.name}-${ordinal}`;
  const inc = incarnationAt(derived, ordinal, t);
  if (!inc) return `${name} did not exist`;
  if (inc.deletionRequestedAt !== undefined && inc.deletionRequestedAt <= t)
    return `${podRef(inc)} was terminating since ${when(derived, inc.deletionRequestedAt)}`;
  const lastUnready = inc.unreadyAt.filter((u) => u <= t).at(-1);
  if (lastUnready !== undefined) return `${podRef(inc)} was not Ready since ${when(derived, lastUnready)}`;
  return `${podRef(inc)} was not Ready yet (created ${when(derived, inc.createdAt)})`;
}

/** Ordinals in [start, below) not healthy at t, nearest to `below` first, at most `limit`. */
export function unhealthyBelow(
  derived: Derived,
  start: number,
  below: number,
  t: number,
  limit = 3,
): number[] {
  const out: number[] = [];
  for (let j = below - 1; j >= start && out.length < limit; j--) {
    if (!healthyAt(incarnationAt(derived, j, t), t)) out.push(j);
  }
  return out;
}
