/**
 * ORD-3 under OnDelete, inside a rolling update of variant `on-delete`: the template change replaces no pod
 * by itself, and each pod sts-chaos deletes (after its `on-delete-pod` step mark) comes back on the update
 * revision in force.
 */
import type { Derived, FaultSpan, Incarnation } from '../timeline/incarnations.ts';
import { faultEnd, specAt, successorOf } from '../timeline/queries.ts';
import { UPDATE_STEPS } from '../timeline/types.ts';
import { list, podRef, when } from './format.ts';
import { podRevision, stepMarks, updateRevisionAt } from './rollout.ts';
import type { Bounds } from './scope.ts';
import type { Violation } from './types.ts';

/** A rolling update that changes an OnDelete set: its variant says so, or the strategy at its start. */
export function isOnDeleteUpdate(derived: Derived, f: FaultSpan): boolean {
  if (f.fault !== 'rolling-update') return false;
  return f.details.variant === 'on-delete' || specAt(derived, f.startedAt).updateStrategy === 'OnDelete';
}

export interface OnDeleteJudgement {
  readonly violations: Violation[];
  /** One line per fault: what was seen. */
  readonly summaries: string[];
  /** Replacements whose old pod was deleted during one of the faults (judged here, not by the order rules). */
  readonly judgedUids: ReadonlySet<string>;
}

/**
 * For each on-delete rolling update: every deletion requested from its start to its end (else the window's
 * end) must follow an `on-delete-pod` step mark naming that ordinal (`details.ordinal`; a mark naming none
 * covers the next deletion of any ordinal), and the pod that replaces it must carry the update revision of
 * the status when it was created.
 */
export function judgeOnDelete(derived: Derived, faults: readonly FaultSpan[], b: Bounds): OnDeleteJudgement {
  const violations: Violation[] = [];
  const summaries: string[] = [];
  const judgedUids = new Set<string>();
  for (const f of faults) {
    const end = Math.min(faultEnd(f) ?? b.to, b.to);
    const marks = stepMarks(derived, UPDATE_STEPS.onDeletePod, f.startedAt, end);
    const deletions = deletedBetween(derived, f.startedAt, end);
    const asked = new Set<Incarnation>();
    for (const m of marks) {
      const o = m.details?.ordinal;
      const hit = deletions.find(
        (inc) =>
          !asked.has(inc) &&
          (inc.deletionRequestedAt as number) >= m.at &&
          (typeof o !== 'number' || inc.ordinal === o),
      );
      if (hit) asked.add(hit);
    }
    const first = marks[0];
    const came: string[] = [];
    for (const inc of deletions) {
      judgedUids.add(inc.uid);
      const at = inc.deletionRequestedAt as number;
      if (!asked.has(inc)) {
        violations.push({
          at,
          ordinal: inc.ordinal,
          message:
            first === undefined || at < first.at
              ? `OnDelete: ${podRevision(inc)} was deleted at ${when(derived, at)}, after the template change at ${when(derived, f.startedAt)} and before sts-chaos deleted any pod${first ? ` (first at ${when(derived, first.at)})` : ''}: under OnDelete the controller replaces no pod by itself`
              : `OnDelete: ${podRevision(inc)} was deleted at ${when(derived, at)} although sts-chaos had not asked for it (no on-delete-pod step for ${inc.name} before)`,
        });
        continue;
      }
      const next = successorOf(derived, inc);
      if (!next || next.createdAt > b.to) continue;
      const expected = updateRevisionAt(derived, next.createdAt);
      if (expected === undefined || next.revision === undefined) continue;
      if (next.revision !== expected)
        violations.push({
          at: next.createdAt,
          ordinal: next.ordinal,
          message: `OnDelete: ${podRef(next)} replaced ${podRef(inc)} at ${when(derived, next.createdAt)} on revision ${next.revision}, not the update revision ${expected}`,
        });
      else came.push(`${next.name} on ${expected}`);
    }
    summaries.push(
      `OnDelete rollout from ${when(derived, f.startedAt)}: no pod replaced by the controller itself${
        first ? ` before sts-chaos deleted the first at ${when(derived, first.at)}` : ''
      }${came.length > 0 ? `; ${list(came, 6, ', ')} after sts-chaos deleted them` : ''}`,
    );
  }
  return { violations, summaries, judgedUids };
}

/** Incarnations whose deletion was requested from `from` to `to` (inclusive), in time order. */
function deletedBetween(derived: Derived, from: number, to: number): Incarnation[] {
  const out: Incarnation[] = [];
  for (const incs of derived.ordinals.values())
    for (const inc of incs) {
      const at = inc.deletionRequestedAt;
      if (at !== undefined && at >= from && at <= to) out.push(inc);
    }
  return out.sort((x, y) => (x.deletionRequestedAt as number) - (y.deletionRequestedAt as number));
}
