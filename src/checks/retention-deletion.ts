/**
 * VOL-5's deletion half: the claims of each StatefulSet object deleted in the window against its
 * `whenDeleted`, and against the propagation of the deletion (an Orphan deletion deletes no claim).
 */
import type { ClaimIncarnation, Derived, StatefulSetObject } from '../timeline/incarnations.ts';
import { incarnationAt, specAt } from '../timeline/queries.ts';
import { claimAt } from './claims.ts';
import { list, when } from './format.ts';
import { recreateDetails, recreateOfDeletion } from './recreate.ts';
import { type Bounds, within } from './scope.ts';
import type { Violation } from './types.ts';

/** What the deletions of the window showed (filled in as each is judged). */
export interface DeletionsJudged {
  readonly violations: Violation[];
  readonly summaries: string[];
  /** Claims compared with the policy. */
  judged: number;
  /** Claims deleted by the policy and replaced by a claim of another UID under the same name. */
  replaced: number;
  /** Why a claim could not be compared yet (its pod still there, the orphaning not over). */
  readonly waiting: Set<string>;
}

/** Whether a claim's deletion at t was a claim-deletion fault's (those are VOL-4's, not the policy's). */
export type ByFault = (c: ClaimIncarnation, at: number) => boolean;

/**
 * Each StatefulSet object whose deletion was requested in the bounds, its claims judged up to the next such
 * deletion (else the end): the claims of the template names that existed when it was asked (and were not
 * being deleted already). Under Retain none may have its deletion requested by then; under Delete each must
 * (the garbage collector deletes them: the controller gave them an ownerReference to the StatefulSet), and
 * a StatefulSet created again gets new claims, reported as the data loss it is. A deletion with
 * `propagationPolicy: Orphan` (a `recreate` fault of variant `orphan`) deletes no claim, whatever
 * whenDeleted says: the garbage collector removes the StatefulSet's ownerReferences from its dependents
 * instead of deleting them (KEP-1847, "Non-Cascading Deletion").
 */
export function judgeDeletions(derived: Derived, b: Bounds, byFault: ByFault): DeletionsJudged {
  const out: DeletionsJudged = {
    violations: [],
    summaries: [],
    judged: 0,
    replaced: 0,
    waiting: new Set(),
  };
  const deleted = deletionsWithin(derived, b);
  deleted.forEach((object, i) => {
    const horizon = Math.min(deleted[i + 1]?.deletionRequestedAt ?? b.to, b.to);
    judgeOne(derived, object, horizon, byFault, out);
  });
  return out;
}

/** The objects whose deletion was requested within the bounds, in order. */
export function deletionsWithin(derived: Derived, b: Bounds): StatefulSetObject[] {
  return derived.statefulSet.objects.filter(
    (o) => o.deletionRequestedAt !== undefined && within(b, o.deletionRequestedAt),
  );
}

function judgeOne(
  derived: Derived,
  object: StatefulSetObject,
  horizon: number,
  byFault: ByFault,
  out: DeletionsJudged,
): void {
  const set = derived.target.name;
  const asked = object.deletionRequestedAt as number;
  const policy = specAt(derived, asked).whenDeleted;
  const fault = recreateOfDeletion(derived, object);
  const orphaning = fault !== undefined && recreateDetails(fault).variant === 'orphan';
  const next = derived.statefulSet.objects.find((o) => o.firstSeenAt > asked && o.firstSeenAt <= horizon);
  const how = orphaning ? ' with propagationPolicy Orphan' : '';
  const context = `after StatefulSet ${set} (uid ${object.uid}) was deleted${how} at ${when(derived, asked)} (whenDeleted: ${policy})`;
  const kept: string[] = [];
  const gone: string[] = [];
  let replaced = 0;
  for (const [name, incarnations] of derived.claims) {
    const claim = claimAt(incarnations, asked);
    if (!claim || (claim.deletionRequestedAt !== undefined && claim.deletionRequestedAt < asked)) continue;
    const claimAsked = claim.deletionRequestedAt;
    if (claimAsked !== undefined && claimAsked <= horizon && byFault(claim, claimAsked)) continue;
    const ref = `claim ${name} (uid ${claim.uid})`;
    const deletedBy = claimAsked !== undefined && claimAsked <= horizon ? claimAsked : undefined;
    // Delete (cascading): the garbage collector must have been asked to delete it.
    if (policy === 'Delete' && !orphaning) {
      out.judged += 1;
      if (deletedBy === undefined) {
        const back = next
          ? `; the StatefulSet created again at ${when(derived, next.firstSeenAt)} found it still there`
          : '';
        out.violations.push({
          at: horizon,
          ordinal: claim.ordinal,
          message: `${ref} still existed at ${when(derived, horizon)} ${context}${back}`,
        });
        continue;
      }
      const successor = incarnations[incarnations.indexOf(claim) + 1];
      if (successor && successor.createdAt <= horizon) {
        replaced += 1;
        gone.push(`${name} (uid ${claim.uid}) replaced by uid ${successor.uid}`);
      } else gone.push(`${name} (uid ${claim.uid})`);
      continue;
    }
    // Retain, or any policy under Orphan: kept, which says something once the deletion has done its work.
    if (deletedBy !== undefined) {
      out.judged += 1;
      const why = orphaning
        ? ': a deletion with propagationPolicy Orphan deletes no claim, whatever whenDeleted says (KEP-1847)'
        : '';
      out.violations.push({
        at: deletedBy,
        ordinal: claim.ordinal,
        message: `${ref} was deleted at ${when(derived, deletedBy)} ${context}${why}`,
      });
      continue;
    }
    const evidence = orphaning
      ? object.deletedAt !== undefined && object.deletedAt <= horizon
      : next !== undefined || podGone(derived, claim.ordinal, asked, horizon);
    if (evidence) {
      out.judged += 1;
      kept.push(`${name} (uid ${claim.uid})`);
    } else out.waiting.add(orphaning ? `StatefulSet ${set} (uid ${object.uid})` : `${set}-${claim.ordinal}`);
  }
  out.replaced += replaced;
  const again = next
    ? `; the StatefulSet was created again at ${when(derived, next.firstSeenAt)} (uid ${next.uid})`
    : '';
  const head = `StatefulSet ${set} (uid ${object.uid}) deleted${how} at ${when(derived, asked)}`;
  if (gone.length > 0)
    out.summaries.push(
      `${head}: claims deleted as the policy says (whenDeleted: Delete)${replaced > 0 ? ': data loss' : ''}: ${list(gone, 5, ', ')}${again}`,
    );
  if (kept.length > 0) {
    const orphan =
      policy === 'Delete'
        ? ', but an Orphan deletion deletes no claim'
        : '; an Orphan deletion deletes none anyway';
    out.summaries.push(
      `${head}: claims kept (whenDeleted: ${policy}${orphaning ? orphan : ''}): ${list(kept, 5, ', ')}${again}`,
    );
  }
}

/** Whether the pod the ordinal had when the StatefulSet's deletion was asked was gone by the horizon. */
function podGone(derived: Derived, ordinal: number, asked: number, horizon: number): boolean {
  const inc = incarnationAt(derived, ordinal, asked);
  return inc === undefined || (inc.deletedAt !== undefined && inc.deletedAt <= horizon);
}
