import { getOrInsert } from '../timeline/collections.ts';
import type { Derived } from '../timeline/incarnations.ts';
import { specAt } from '../timeline/queries.ts';
import { defineCheck } from './define.ts';
import { faultAt, isUpdateFault } from './faults.ts';
import { list, podRef, span, when } from './format.ts';
import { isOnDeleteUpdate, judgeOnDelete } from './on-delete.ts';
import { fail, pass, skip } from './result.ts';
import { endState, maxUnavailableOf, type Replacement, replacements } from './rollout.ts';
import { faultsInScope } from './scope.ts';
import type { Check, Violation } from './types.ts';

const ID = 'ORD-3';

/** Watch latency and the whole seconds of lastTransitionTime: a deletion this early is still on time. */
const MIN_READY_TOLERANCE_MS = 1000;

/**
 * ORD-3 rolling update order: pods replaced by one of another revision (not because of a fault aimed at
 * their ordinal or node; an update fault's own replacements are judged) change highest ordinal first,
 * one at a time (at most `maxUnavailable` not Ready at once where set above 1), the next deleted only
 * once the previous one is Ready on the new revision and, under OrderedReady, `minReadySeconds` old;
 * ordinals whose index (ordinal - start) is below the partition are never updated. Under OnDelete, only
 * within an on-delete rolling update: nothing replaced by itself, each pod sts-chaos deletes back on the
 * update revision. In the window of an update fault, the status at its end is that of a finished rollout.
 */
export const ord3RollingUpdate: Check = defineCheck(
  { id: ID, title: 'rolling update order', tags: ['ordering', 'update'] },
  ({ input, derived, bounds: b }) => {
    const onDeleteFaults = faultsInScope(input, (f) => isOnDeleteUpdate(derived, f));
    const onDelete = judgeOnDelete(derived, onDeleteFaults, b);
    const updates: Replacement[] = [];
    let notJudgedOnDelete = 0;
    for (const u of replacements(derived, b)) {
      if (faultAt(derived, u.old, u.deletedAt)) continue;
      if (specAt(derived, u.deletedAt).updateStrategy === 'OnDelete') {
        if (!onDelete.judgedUids.has(u.old.uid)) notJudgedOnDelete += 1;
        continue;
      }
      updates.push(u);
    }
    const updateFaults = faultsInScope(input, isUpdateFault).length;
    const violations: Violation[] = [...onDelete.violations];
    const order = judgeOrder(derived, updates);
    violations.push(...order.violations);
    // Only an update fault's window ends once the rollout is over (its recovery waits for it); elsewhere
    // the window may end in the middle of one.
    const end = updateFaults > 0 ? endState(derived, b) : undefined;
    if (end?.violation) violations.push(end.violation);
    const measurements = { updates: updates.length, atOnce: order.atOnce };
    if (violations.length > 0) return fail(ID, violations, measurements);

    const endNote = end ? ` (${end.summary})` : '';
    if (!order.compared && onDeleteFaults.length === 0) {
      if (updates.length > 0)
        return skip(
          ID,
          `only one pod was replaced per revision (${list(
            updates.map((u) => `${u.next.name} to ${u.revision}`),
            6,
            ', ',
          )}) under partition 0: no update order or partition could be compared${endNote}`,
        );
      return skip(
        ID,
        notJudgedOnDelete > 0
          ? `updateStrategy is OnDelete: ${notJudgedOnDelete} pods changed revision only because they were deleted${endNote}`
          : `no pod was replaced by one of another revision during the run${endNote}`,
      );
    }
    const parts = [...(order.compared ? [order.summary] : []), ...onDelete.summaries];
    if (end) parts.push(end.summary);
    return pass(ID, parts.join('; '), measurements);
  },
);

interface OrderJudgement {
  readonly violations: Violation[];
  /** Whether some order or partition was compared (not one pod per revision under partition 0). */
  readonly compared: boolean;
  /** The most pods of one rollout not Ready on it at once (1 unless maxUnavailable allowed more). */
  readonly atOnce: number;
  readonly summary: string;
}

/**
 * The order rules over the replacements of RollingUpdate: none below the partition; per revision, by
 * deletion time, lower ordinals only; each deletion after the previous replacement was Ready (with
 * `maxUnavailable` 1) or while fewer than `maxUnavailable` of the rollout were not Ready yet; under
 * OrderedReady, after the previous one was Ready for `minReadySeconds`.
 */
function judgeOrder(derived: Derived, updates: readonly Replacement[]): OrderJudgement {
  const violations: Violation[] = [];
  const byRevision = new Map<string, Replacement[]>();
  /** Whether some update was made under a partition above 0 (the partition was compared with its index). */
  let partitioned = false;
  for (const u of updates) {
    const spec = specAt(derived, u.deletedAt);
    const index = u.ordinal - spec.ordinalsStart;
    if (spec.partition > 0) partitioned = true;
    if (index < spec.partition)
      violations.push({
        at: u.deletedAt,
        ordinal: u.ordinal,
        message: `${podRef(u.old)} was replaced by ${podRef(u.next)} on revision ${u.revision} at ${when(derived, u.deletedAt)} although the partition was ${spec.partition} (index ${index} is below it)`,
      });
    getOrInsert(byRevision, u.revision, () => []).push(u);
  }
  // One pod per revision has no order; under partition 0 every index is allowed: nothing was compared.
  const compared = partitioned || [...byRevision.values()].some((g) => g.length > 1);
  const summaries: string[] = [];
  let minReady = 0;
  /** The most pods of one rollout not Ready on it at once (at a deletion), and the maxUnavailable then. */
  let atOnce = { pods: 1, max: '1' };
  for (const [revision, group] of byRevision) {
    // Deletions of one instant (as the watch saw them) count highest ordinal first.
    group.sort((x, y) => x.deletedAt - y.deletedAt || y.ordinal - x.ordinal);
    for (let i = 1; i < group.length; i++) {
      const prev = group[i - 1] as Replacement;
      const cur = group[i] as Replacement;
      const rollout = `rollout to ${revision}: ${podRef(cur.old)} was deleted at ${when(derived, cur.deletedAt)}`;
      if (cur.ordinal > prev.ordinal)
        violations.push({
          at: cur.deletedAt,
          ordinal: cur.ordinal,
          message: `${rollout} after the lower ordinal ${prev.old.name} (at ${when(derived, prev.deletedAt)}): not highest ordinal first`,
        });
      const spec = specAt(derived, cur.deletedAt);
      const max = maxUnavailableOf(spec);
      if (max === 1) {
        if (prev.readyAt === undefined || cur.deletedAt < prev.readyAt) {
          const gone = prev.old.deletedAt;
          violations.push({
            at: cur.deletedAt,
            ordinal: cur.ordinal,
            message:
              gone === undefined || cur.deletedAt < gone
                ? `${rollout} while ${podRef(prev.old)} was still terminating (${gone === undefined ? 'never gone' : `gone at ${when(derived, gone)}`}): two pods replaced at once`
                : `${rollout} while ${podRef(prev.next)} was not Ready on the new revision yet (${prev.readyAt === undefined ? 'never Ready' : `Ready at ${when(derived, prev.readyAt)}`})`,
          });
          continue;
        }
      } else {
        const down = group
          .slice(0, i + 1)
          .filter((u) => u.readyAt === undefined || u.readyAt > cur.deletedAt);
        if (down.length > atOnce.pods) atOnce = { pods: down.length, max: String(spec.maxUnavailable) };
        if (down.length > max)
          violations.push({
            at: cur.deletedAt,
            ordinal: cur.ordinal,
            message: `${rollout} while ${down.length - 1} pods of the rollout were not Ready on it yet (${list(
              down.slice(0, -1).map((u) => u.next.name),
              6,
              ', ',
            )}): more than maxUnavailable ${spec.maxUnavailable} (${max} pods) at once, where the cluster honours it`,
          });
      }
      const late = minReadyViolation(derived, prev, cur, rollout);
      if (late) violations.push(late);
      if (spec.podManagementPolicy === 'OrderedReady') minReady = Math.max(minReady, spec.minReadySeconds);
    }
    summaries.push(
      `${revision}: ${list(
        group.map((u) => u.next.name),
        6,
        ' → ',
      )}`,
    );
  }
  const aged = minReady > 0 ? ` and ${minReady}s old (minReadySeconds)` : '';
  const pace =
    atOnce.pods > 1
      ? `up to ${atOnce.pods} not Ready at once (maxUnavailable ${atOnce.max}), never more`
      : `each Ready${aged} before the next`;
  return {
    violations,
    compared,
    atOnce: atOnce.pods,
    summary: `rollouts ${list(summaries)}: highest ordinal first, ${pace}; partition respected`,
  };
}

/**
 * Under OrderedReady with `minReadySeconds`, `cur` deleted before `prev`'s new pod was available: Ready (by
 * its condition's lastTransitionTime, else when seen) for that long, less {@link MIN_READY_TOLERANCE_MS}.
 * Parallel is not judged: its rolling update waits for Ready only (kubernetes/kubernetes#119234).
 */
function minReadyViolation(
  derived: Derived,
  prev: Replacement,
  cur: Replacement,
  rollout: string,
): Violation | undefined {
  const spec = specAt(derived, cur.deletedAt);
  if (spec.minReadySeconds <= 0 || spec.podManagementPolicy !== 'OrderedReady') return undefined;
  const i = prev.next.readyAt.findLastIndex((t) => t <= cur.deletedAt);
  const since = prev.next.readySince[i];
  if (since === undefined) return undefined;
  const availableAt = since + spec.minReadySeconds * 1000;
  if (cur.deletedAt + MIN_READY_TOLERANCE_MS >= availableAt) return undefined;
  return {
    at: cur.deletedAt,
    ordinal: cur.ordinal,
    message: `${rollout}, ${span(cur.deletedAt - since)} after ${podRef(prev.next)} turned Ready (${when(derived, since)}): minReadySeconds is ${spec.minReadySeconds}, so it was not available until ${when(derived, availableAt)}`,
  };
}
