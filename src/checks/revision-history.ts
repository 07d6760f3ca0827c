/**
 * ADOPT-1's revision history: after an orphaning re-creation, the new StatefulSet must take the adopted
 * pods' revision as its own (it adopts the old ControllerRevisions too), or it would roll them.
 */
import type { Derived, Incarnation } from '../timeline/incarnations.ts';
import { statusAt } from '../timeline/queries.ts';
import { list, when } from './format.ts';
import type { Recreated } from './recreate.ts';
import { podRevision } from './rollout.ts';
import type { Violation } from './types.ts';

/** Violations of the revision history, and what the reason says of it. */
export interface RevisionHistory {
  readonly violations: readonly Violation[];
  readonly summary: string;
}

/**
 * The new StatefulSet's last status up to `to` against the adopted pods' `controller-revision-hash`:
 * currentRevision = updateRevision, and every pod on it. Without such a status (none from the new object,
 * or no revisions in it), says that only the pods' revisions were looked at (their labels did not change:
 * ADOPT-1's pod changes).
 */
export function revisionsAfterAdoption(
  derived: Derived,
  pods: readonly Incarnation[],
  created: Recreated,
  to: number,
): RevisionHistory {
  const byRevision = new Map<string, string[]>();
  for (const inc of pods) {
    const names = byRevision.get(inc.revision ?? 'none') ?? [];
    names.push(inc.name);
    byRevision.set(inc.revision ?? 'none', names);
  }
  const podRevisions = list(
    [...byRevision].map(
      ([rev, names]) => `${rev === 'none' ? 'no revision label' : rev} (${names.join(', ')})`,
    ),
  );
  const st = statusAt(derived, to);
  const kept = `the pods kept their revision labels: ${podRevisions}`;
  if (st?.uid !== created.uid)
    return {
      violations: [],
      summary: `revision history not compared with the status: the new StatefulSet (uid ${created.uid}) reported no status by ${when(derived, to)}; ${kept}`,
    };
  if (st.currentRevision === undefined || st.updateRevision === undefined)
    return {
      violations: [],
      summary: `revision history not compared with the status: the new StatefulSet's status of ${when(derived, st.at)} has no ${st.currentRevision === undefined ? 'currentRevision' : 'updateRevision'}; ${kept}`,
    };
  const status = `the new StatefulSet's status of ${when(derived, st.at)}`;
  const violations: Violation[] = [];
  if (st.currentRevision !== st.updateRevision)
    violations.push({
      at: to,
      message: `revision history inconsistent: in ${status} currentRevision ${st.currentRevision} is not updateRevision ${st.updateRevision}`,
    });
  for (const inc of pods)
    if (inc.revision !== st.updateRevision)
      violations.push({
        at: to,
        ordinal: inc.ordinal,
        message: `revision history inconsistent: ${podRevision(inc)} is not on the new StatefulSet's updateRevision ${st.updateRevision} (its status of ${when(derived, st.at)}): it would replace the pod`,
      });
  return {
    violations,
    summary: `revision history consistent: the pods kept revision ${podRevisions}, and ${status} has currentRevision = updateRevision = ${st.updateRevision}`,
  };
}
