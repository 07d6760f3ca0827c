import { getOrInsert } from '../timeline/collections.ts';
import type { Incarnation } from '../timeline/incarnations.ts';
import { specAt } from '../timeline/queries.ts';
import { defineCheck } from './define.ts';
import { faultAt } from './faults.ts';
import { list, podRef, when } from './format.ts';
import { skip, verdict } from './result.ts';
import { within } from './scope.ts';
import type { Check, Violation } from './types.ts';

const ID = 'ORD-3';

interface Update {
  readonly ordinal: number;
  readonly revision: string;
  readonly old: Incarnation;
  readonly next: Incarnation;
  /** When the old incarnation's deletion was requested. */
  readonly deletedAt: number;
  readonly readyAt?: number;
}

/**
 * ORD-3 rolling update order: pods replaced by one of another revision (not because of a fault) change
 * highest ordinal first, one at a time, the next deleted only once the previous one is Ready on the new
 * revision; ordinals whose index (ordinal - start) is below the partition are never updated.
 */
export const ord3RollingUpdate: Check = defineCheck(
  { id: ID, title: 'rolling update order', tags: ['ordering', 'update'] },
  ({ derived, bounds: b }) => {
    const updates: Update[] = [];
    let onDelete = 0;
    for (const list of derived.ordinals.values()) {
      for (let i = 1; i < list.length; i++) {
        const old = list[i - 1] as Incarnation;
        const next = list[i] as Incarnation;
        if (!old.revision || !next.revision || old.revision === next.revision) continue;
        if (next.preexisting || !within(b, next.createdAt)) continue;
        const deletedAt = old.deletionRequestedAt ?? old.deletedAt ?? next.createdAt;
        if (faultAt(derived, old, deletedAt)) continue;
        if (specAt(derived, deletedAt).updateStrategy === 'OnDelete') {
          onDelete += 1;
          continue;
        }
        updates.push({
          ordinal: next.ordinal,
          revision: next.revision,
          old,
          next,
          deletedAt,
          readyAt: next.readyAt[0],
        });
      }
    }
    if (updates.length === 0)
      return skip(
        ID,
        onDelete > 0
          ? `updateStrategy is OnDelete: ${onDelete} pods changed revision only because they were deleted`
          : 'no pod was replaced by one of another revision during the run',
      );

    const violations: Violation[] = [];
    const byRevision = new Map<string, Update[]>();
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
    if (!partitioned && [...byRevision.values()].every((g) => g.length < 2))
      return skip(
        ID,
        `only one pod was replaced per revision (${list(
          updates.map((u) => `${u.next.name} to ${u.revision}`),
          6,
          ', ',
        )}) under partition 0: no update order or partition could be compared`,
      );
    const summaries: string[] = [];
    for (const [revision, group] of byRevision) {
      group.sort((x, y) => x.deletedAt - y.deletedAt);
      for (let i = 1; i < group.length; i++) {
        const prev = group[i - 1] as Update;
        const cur = group[i] as Update;
        if (cur.ordinal > prev.ordinal)
          violations.push({
            at: cur.deletedAt,
            ordinal: cur.ordinal,
            message: `rollout to ${revision}: ${podRef(cur.old)} was deleted at ${when(derived, cur.deletedAt)} after the lower ordinal ${prev.old.name} (at ${when(derived, prev.deletedAt)}): not highest ordinal first`,
          });
        const max = specAt(derived, cur.deletedAt).maxUnavailable;
        const oneAtATime = max === undefined || max === 1 || max === '1';
        if (oneAtATime && (prev.readyAt === undefined || cur.deletedAt < prev.readyAt))
          violations.push({
            at: cur.deletedAt,
            ordinal: cur.ordinal,
            message: `rollout to ${revision}: ${podRef(cur.old)} was deleted at ${when(derived, cur.deletedAt)} while ${podRef(prev.next)} was not Ready on the new revision yet (${prev.readyAt === undefined ? 'never Ready' : `Ready at ${when(derived, prev.readyAt)}`})`,
          });
      }
      summaries.push(
        `${revision}: ${list(
          group.map((u) => u.next.name),
          6,
          ' → ',
        )}`,
      );
    }
    return verdict(
      ID,
      violations,
      `rollouts ${list(summaries)}: highest ordinal first, each Ready before the next; partition respected`,
      {
        updates: updates.length,
      },
    );
  },
);
