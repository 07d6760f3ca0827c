/** Recorded re-creations of the StatefulSet for the ADOPT-1 and VOL-5 tests: the `recreate` fault's marks. */

import { TimelineBuilder } from '../../timeline/testing/builder.ts';
import { RECREATE_STEPS, type RecreateDetails, type RetentionAction } from '../../timeline/types.ts';

export const OLD_UID = 'uid-sts';
export const NEW_UID = 'uid-sts-2';

export interface RecreateOptions {
  readonly whenDeleted?: RetentionAction;
  /** Whether the StatefulSet is created again (mark and object). @default true */
  readonly created?: boolean;
  /** Called at 12.2 s, right after the re-creation, to add what happens during it. */
  readonly during?: (b: TimelineBuilder) => void;
}

/**
 * Three replicas steady from 0 (whenDeleted as given); at 10 the recreate fault starts (variant `variant`,
 * no ordinal) and the old object's deletion is asked: with Orphan it waits for the garbage collector
 * (`between`, 10.5) and is gone at 11; with the default propagation it is gone at once and the collector
 * works after (`between`, 10.5–11.5). Either way `sts-deleted` is marked when it is gone, and the set is
 * created again at 12 as {@link NEW_UID} (`sts-created`). Leaves the time at 12.2, after `during`.
 */
function recreate(
  variant: RecreateDetails['variant'],
  opts: RecreateOptions,
  between: (b: TimelineBuilder) => void,
): TimelineBuilder {
  const whenDeleted = opts.whenDeleted ?? 'Retain';
  const b = new TimelineBuilder().steadyState();
  b.at(5).statefulSet({ whenDeleted });
  const details: RecreateDetails = { variant, oldUid: OLD_UID, whenDeleted };
  b.at(10).faultStart('recreate', { details: { ...details } });
  if (variant === 'orphan') {
    b.statefulSetDeleting();
    between(b);
    b.at(11).statefulSetDeleted().step(RECREATE_STEPS.deleted, { uid: OLD_UID });
  } else {
    b.statefulSetDeleted().step(RECREATE_STEPS.deleted, { uid: OLD_UID });
    between(b);
  }
  if (opts.created !== false)
    b.at(12).statefulSetCreated(NEW_UID).step(RECREATE_STEPS.created, { uid: NEW_UID });
  b.at(12.2);
  opts.during?.(b);
  return b;
}

/**
 * An orphaning re-creation ({@link recreate}): at 10.5 the garbage collector orphans the pods; the new
 * StatefulSet adopts the ordinals of `adopt` (default all), web-i at 12.4 + 0.1·i, reports its revisions at
 * 13 (`revisions`); fault-end at 20. Build it to 25.
 */
export function orphanRecreate(
  opts: RecreateOptions & {
    readonly adopt?: readonly number[];
    /** The new StatefulSet's status revisions at 13, none when null. @default web-r1 both */
    readonly revisions?: { readonly current: string; readonly update: string } | null;
  } = {},
) {
  const b = recreate('orphan', opts, (b) => {
    b.at(10.5);
    for (const o of [0, 1, 2]) b.podOwner(o, undefined);
  });
  if (opts.created !== false) {
    for (const o of opts.adopt ?? [0, 1, 2]) b.at(12.4 + 0.1 * o).podOwner(o, NEW_UID);
    const r = opts.revisions === undefined ? { current: 'web-r1', update: 'web-r1' } : opts.revisions;
    b.at(13).statefulSet({ currentRevision: r?.current, updateRevision: r?.update });
  }
  return b.at(20).faultEnd('recreate');
}

/**
 * A deleting re-creation ({@link recreate}): the garbage collector deletes the pods at 10.5–10.8, and under
 * whenDeleted Delete the claims too (asked at 10.5, gone at 11.5) unless `keepClaims`; under Retain the
 * claim of `deleteClaim` is deleted all the same. The new StatefulSet makes web-i again at 13 + i (a new
 * claim first where the old one is gone); fault-end at 20. Build it to 25.
 */
export function deleteRecreate(
  opts: RecreateOptions & { readonly keepClaims?: boolean; readonly deleteClaim?: number } = {},
) {
  const policy = opts.whenDeleted ?? 'Retain';
  const doomed =
    policy === 'Delete' && !opts.keepClaims
      ? [0, 1, 2]
      : opts.deleteClaim === undefined
        ? []
        : [opts.deleteClaim];
  const b = recreate('delete', opts, (b) => {
    b.at(10.5);
    for (const o of [2, 1, 0]) b.podTerminating(o);
    for (const o of doomed) b.claimTerminating(b.claimName(o));
    b.at(10.8);
    for (const o of [2, 1, 0]) b.podDeleted(o);
    b.at(11.5);
    for (const o of doomed) b.claimDeleted(b.claimName(o));
  });
  if (opts.created !== false)
    for (const o of [0, 1, 2]) {
      b.at(13 + o);
      if (doomed.includes(o)) b.claimsFor(o);
      b.podUp(o, o % 2 === 0 ? 'n1' : 'n2');
    }
  return b.at(20).faultEnd('recreate');
}
