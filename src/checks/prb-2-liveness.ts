import { faultEnd, successorOf } from '../timeline/queries.ts';
import { claimAt } from './claims.ts';
import { defineCheck } from './define.ts';
import { probeBreaks } from './faults.ts';
import { list, podRef, span, when } from './format.ts';
import { skip, verdict } from './result.ts';
import type { Check, Violation } from './types.ts';

const ID = 'PRB-2';

/**
 * PRB-2 liveness: a broken liveness probe restarts the container inside the same pod (same UID, restartCount
 * up by at least one) rather than replacing the pod; its claims keep their UID and volume; once healed the pod
 * is Ready again within the budget.
 */
export const prb2Liveness: Check = defineCheck(
  { id: ID, title: 'liveness', tags: ['probe'] },
  ({ input, derived, options, bounds: b }) => {
    const { found, breaks, notes } = probeBreaks(input, 'liveness');
    if (found === 0) return skip(ID, 'no liveness probe was broken during the run');
    const budget = options.budget.toMilliseconds();

    const violations: Violation[] = [];
    let restartsSeen = 0;
    for (const { fault: f, inc } of breaks) {
      const healed = faultEnd(f);
      const horizon = Math.min((healed ?? b.to) + budget, b.to);
      const broke = `liveness probe of ${podRef(inc)} broken at ${when(derived, f.startedAt)}`;
      const violation = (at: number, message: string) =>
        violations.push({ at, ordinal: inc.ordinal, message });

      if (inc.deletedAt !== undefined && inc.deletedAt <= horizon) {
        const next = successorOf(derived, inc);
        violation(
          inc.deletedAt,
          `${broke}: the pod was deleted at ${when(derived, inc.deletedAt)}${next ? ` and replaced by ${podRef(next)}` : ''} instead of restarting its container`,
        );
        continue;
      }
      const restarts = inc.restarts.filter((r) => r.at >= f.startedAt && r.at <= horizon);
      const first = restarts[0];
      if (!first) {
        violation(
          horizon,
          `${broke}: no container was restarted by ${when(derived, horizon)}${healed === undefined ? '' : ` (healed at ${when(derived, healed)})`}`,
        );
        continue;
      }
      const count = restarts.reduce((n, r) => n + (r.to - r.from), 0);
      restartsSeen += count;

      for (const claim of inc.claims) {
        const list = derived.claims.get(claim);
        const before = claimAt(list, f.startedAt);
        const after = claimAt(list, horizon);
        if (before && (!after || after.uid !== before.uid || after.volumeName !== before.volumeName))
          violation(
            horizon,
            `${broke}: claim ${claim} changed across the restart (uid ${before.uid}/${before.volumeName ?? '-'} → ${after ? `${after.uid}/${after.volumeName ?? '-'}` : 'gone'})`,
          );
      }

      // The restart replaced the broken process: readiness counts from the restart, even before the heal ran.
      const from = first.at;
      const ready = inc.readyAt.find((r) => r >= from);
      if (ready === undefined || ready - from > budget)
        violation(
          ready ?? b.to,
          `${broke}: after the restart at ${when(derived, first.at)} ${inc.name} was ${ready === undefined ? 'not Ready again by the end of the run' : `Ready again only at ${when(derived, ready)}, ${span(ready - from)} later (budget ${options.budget})`}`,
        );
      else
        notes.push(
          `${inc.name} (uid ${inc.uid}) container ${first.container} restarted at ${when(derived, first.at)} (restartCount +${count}), same UID and claims, Ready again at ${when(derived, ready)}`,
        );
    }
    if (breaks.length === 0) return skip(ID, list(notes));
    return verdict(ID, violations, list(notes), { breaks: breaks.length, restarts: restartsSeen });
  },
);
