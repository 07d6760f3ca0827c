import type { CheckId, SuiteDef } from '../src/catalogue/types.ts';
import { badRelease } from '../src/faults/bad-release.ts';
import { rollingUpdate } from '../src/faults/rolling-update.ts';

/** What a rollout must keep: the order (ORD-3), identity, volumes and data, one pod per ordinal, one writer. */
const checks: readonly CheckId[] = [
  'ORD-3',
  'ID-1',
  'ID-2',
  'ID-3',
  'ID-4',
  'VOL-1',
  'VOL-2',
  'VOL-3',
  'VOL-6',
  'SB-1',
  'SB-4',
  'REC-1',
];

/**
 * Updates: a rolling restart, a partitioned one, OnDelete (ORD-3), and a bad release rolled back (ORD-5).
 * Each rolls every pod of the target, so the suite is asked for by name (`--suites updates`), never taken
 * by default; the bad release is asked for by its fault too (`--faults …,bad-release`).
 */
export const updates: SuiteDef = {
  id: 'updates',
  summary:
    'a rollout goes highest ordinal first, one at a time, each Ready before the next; data and identity kept',
  steps: [
    {
      id: 'updates/rolling-update-restart',
      fault: 'rolling-update',
      variant: 'restart',
      note: 'as kubectl rollout restart (a template annotation; not reverted, as with kubectl)',
      tags: ['Disruptive', 'Update'],
      checks,
      make: () => rollingUpdate('restart'),
    },
    {
      id: 'updates/rolling-update-partition',
      fault: 'rolling-update',
      variant: 'partition',
      note: 'partition R-1 (or --partition): only the ordinals at or above it, then the user partition again',
      tags: ['Disruptive', 'Update'],
      checks,
      make: () => rollingUpdate('partition'),
    },
    {
      id: 'updates/rolling-update-on-delete',
      fault: 'rolling-update',
      variant: 'on-delete',
      note: 'OnDelete targets: nothing changes by itself; each pod deleted in turn, highest first',
      tags: ['Disruptive', 'Update'],
      checks,
      make: () => rollingUpdate('on-delete'),
    },
    {
      id: 'updates/bad-release',
      fault: 'bad-release',
      note: "the image set to a tag that does not exist in its repository; then the user's template again",
      tags: ['Disruptive', 'Update', 'BadRelease'],
      checks: ['ORD-5', 'ORD-3', 'ID-1', 'VOL-1', 'VOL-2', 'VOL-3', 'SB-1', 'REC-1'],
      make: () => badRelease(),
    },
  ],
};
