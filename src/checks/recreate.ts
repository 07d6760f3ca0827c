/**
 * What ADOPT-1 and VOL-5 share about the `recreate` fault: its details, the StatefulSet object it deleted
 * and the one it created again (from its `sts-created` step mark, else the object seen after the old one).
 */
import type { Derived, FaultSpan, StatefulSetObject } from '../timeline/incarnations.ts';
import { faultEnd, statefulSetAt } from '../timeline/queries.ts';
import { RECREATE_STEPS, type RecreateDetails } from '../timeline/types.ts';
import { stepMarks } from './rollout.ts';

export function isRecreate(f: FaultSpan): boolean {
  return f.fault === 'recreate';
}

/** The fault's details as far as they are given (a mark from another version may lack some). */
export function recreateDetails(f: FaultSpan): Partial<RecreateDetails> {
  const d = f.details;
  return {
    ...(d.variant === 'orphan' || d.variant === 'delete' ? { variant: d.variant } : {}),
    ...(typeof d.oldUid === 'string' ? { oldUid: d.oldUid } : {}),
    ...(d.whenDeleted === 'Retain' || d.whenDeleted === 'Delete' ? { whenDeleted: d.whenDeleted } : {}),
  };
}

/** The old object of a recreate fault: `details.oldUid`, else the object that existed at its start. */
export function oldObject(derived: Derived, f: FaultSpan): { readonly uid?: string } {
  const uid = recreateDetails(f).oldUid ?? statefulSetAt(derived, f.startedAt)?.uid;
  return uid === undefined ? {} : { uid };
}

/** The StatefulSet created again by a recreate fault. */
export interface Recreated {
  readonly uid: string;
  /** The `sts-created` mark, or the new object's first event when that came first. */
  readonly at: number;
  /** Whether the `sts-created` step mark was made (else the object was found by its watch events). */
  readonly marked: boolean;
}

/**
 * The object the fault created again, up to `to`: the `sts-created` mark's `details.uid` (its time, or the
 * new object's first event if that came first), else the first object first seen after the fault's start
 * with another UID than the old one. Undefined when the StatefulSet was not created again.
 */
export function recreatedBy(derived: Derived, f: FaultSpan, to: number): Recreated | undefined {
  const old = oldObject(derived, f).uid;
  const mark = stepMarks(derived, RECREATE_STEPS.created, f.startedAt, to)[0];
  const markedUid = typeof mark?.details?.uid === 'string' ? mark.details.uid : undefined;
  const objects = derived.statefulSet.objects;
  const seen = (o: StatefulSetObject) => o.firstSeenAt >= f.startedAt && o.firstSeenAt <= to;
  const object =
    markedUid === undefined
      ? objects.find((o) => seen(o) && o.uid !== old)
      : objects.find((o) => o.uid === markedUid);
  const uid = markedUid ?? object?.uid;
  if (uid === undefined) return undefined;
  const times = [mark?.at, object?.firstSeenAt].filter((t): t is number => t !== undefined);
  return { uid, at: Math.min(...times), marked: mark !== undefined };
}

/** Where a recreate fault's judgement ends: its end (or revert), the next recreate's start, or `to`. */
export function recreateHorizon(f: FaultSpan, next: FaultSpan | undefined, to: number): number {
  return Math.min(faultEnd(f) ?? to, next?.startedAt ?? to, to);
}

/** The recreate fault acting when `object`'s deletion was requested, if any. */
export function recreateOfDeletion(derived: Derived, object: StatefulSetObject): FaultSpan | undefined {
  const asked = object.deletionRequestedAt;
  if (asked === undefined) return undefined;
  return derived.faults.find((f) => {
    if (!isRecreate(f) || f.startedAt > asked) return false;
    const end = faultEnd(f);
    const old = recreateDetails(f).oldUid;
    return (end === undefined || asked <= end) && (old === undefined || old === object.uid);
  });
}
