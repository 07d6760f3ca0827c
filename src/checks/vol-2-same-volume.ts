import type { FaultSpan } from '../timeline/incarnations.ts';
import { specAt } from '../timeline/queries.ts';
import { claimAt } from './claims.ts';
import { defineVolumeCheck } from './define.ts';
import { count, when } from './format.ts';
import { isRecreate, recreateDetails } from './recreate.ts';
import { skip, verdict } from './result.ts';
import { faultsInScope } from './scope.ts';
import type { Check, Violation } from './types.ts';

const ID = 'VOL-2';

/**
 * VOL-2 same volume: across every fault other than claim deletion, each claim of the StatefulSet that existed
 * when the fault started keeps its UID and its spec.volumeName until the next fault (or the end of the run).
 * A StatefulSet deleted (not orphaning) and created again under whenDeleted: Delete loses its claims by
 * policy: that fault is VOL-5's, not VOL-2's.
 */
export const vol2SameVolume: Check = defineVolumeCheck(
  { id: ID, title: 'same volume', tags: ['volume'] },
  ({ input, derived, bounds: b }) => {
    const byPolicy = (f: FaultSpan) =>
      isRecreate(f) &&
      recreateDetails(f).variant === 'delete' &&
      specAt(derived, f.startedAt).whenDeleted === 'Delete';
    const left = faultsInScope(input, byPolicy);
    const faults = faultsInScope(input, (f) => f.fault !== 'claim-deletion' && !byPolicy(f));
    if (faults.length === 0)
      return skip(
        ID,
        left.length > 0
          ? `the StatefulSet deleted and created again at ${when(derived, (left[0] as FaultSpan).startedAt)} under whenDeleted: Delete loses its claims by policy (VOL-5 judges that), and no other pod fault happened during the run`
          : 'no pod fault (other than claim deletion) happened during the run',
      );
    if (derived.claims.size === 0)
      return skip(ID, `no PersistentVolumeClaim of ${derived.target.name} was recorded`);

    const violations: Violation[] = [];
    let compared = 0;
    /** Faults after which nothing was recorded (the window ended, or the next fault began, at once). */
    let unobserved = 0;
    for (const f of faults) {
      const next = derived.faults.find((g) => g.startedAt > f.startedAt);
      const horizon = Math.min(next?.startedAt ?? b.to, b.to);
      // A claim is only seen after the fault if something was recorded after it (before the next fault).
      if (horizon <= f.startedAt) {
        unobserved += 1;
        continue;
      }
      const spec = specAt(derived, horizon);
      const what = `${f.fault}${f.ordinal === undefined ? '' : ` of ordinal ${f.ordinal}`}${f.node === undefined ? '' : ` on node ${f.node}`} at ${when(derived, f.startedAt)}`;
      for (const [name, list] of derived.claims) {
        const before = claimAt(list, f.startedAt);
        if (!before) continue;
        if (before.ordinal < spec.ordinalsStart || before.ordinal >= spec.ordinalsStart + spec.replicas)
          continue;
        compared += 1;
        const after = claimAt(list, horizon);
        if (!after) {
          const gone = before.deletedAt ?? horizon;
          violations.push({
            at: gone,
            ordinal: before.ordinal,
            message: `claim ${name} (uid ${before.uid}) was deleted at ${when(derived, gone)} after ${what} and did not exist at ${when(derived, horizon)}`,
          });
        } else if (after.uid !== before.uid) {
          violations.push({
            at: after.createdAt,
            ordinal: before.ordinal,
            message: `claim ${name} changed UID from ${before.uid} to ${after.uid} (recreated at ${when(derived, after.createdAt)}) after ${what}`,
          });
        } else {
          const change = after.volumeChanges.find((c) => c.at >= f.startedAt && c.at <= horizon);
          if (change)
            violations.push({
              at: change.at,
              ordinal: before.ordinal,
              message: `claim ${name} (uid ${before.uid}) was rebound from volume ${change.from} to ${change.to} at ${when(derived, change.at)} after ${what}`,
            });
        }
      }
    }
    if (compared === 0)
      return skip(
        ID,
        unobserved === faults.length
          ? `nothing was recorded after the fault (${faults.map((f) => `${f.fault} at ${when(derived, f.startedAt)}`).join(', ')}): no claim was seen before and after it`
          : 'no claim of the StatefulSet existed when a fault started',
      );
    return verdict(
      ID,
      violations,
      `${compared} claim/fault pairs kept the same UID and volume across ${count(faults.length, 'fault')}`,
      {
        compared,
      },
    );
  },
);
