import { successorOf } from '../timeline/queries.ts';
import { claimAt } from './claims.ts';
import { defineCheck } from './define.ts';
import { podRef, span, when } from './format.ts';
import { type BrokenProbe, judgeProbeBreaks } from './probes.ts';
import type { Check } from './types.ts';

const ID = 'PRB-2';

/**
 * PRB-2 liveness: a broken liveness probe restarts the container inside the same pod (same UID, restartCount
 * up by at least one) rather than replacing the pod; its claims keep their UID and volume; once healed the pod
 * is Ready again within the budget.
 */
export const prb2Liveness: Check = defineCheck(
  { id: ID, title: 'liveness', tags: ['probe'] },
  ({ input, derived, options, bounds: b }) => {
    const budget = options.budget.toMilliseconds();
    let restartsSeen = 0;
    const judge = ({ fault: f, inc, healed, broke, violation, note }: BrokenProbe) => {
      const horizon = Math.min((healed ?? b.to) + budget, b.to);

      if (inc.deletedAt !== undefined && inc.deletedAt <= horizon) {
        const next = successorOf(derived, inc);
        violation(
          inc.deletedAt,
          `${broke}: the pod was deleted at ${when(derived, inc.deletedAt)}${next ? ` and replaced by ${podRef(next)}` : ''} instead of restarting its container`,
        );
        return;
      }
      const restarts = inc.restarts.filter((r) => r.at >= f.startedAt && r.at <= horizon);
      const first = restarts[0];
      if (!first) {
        violation(
          horizon,
          `${broke}: no container was restarted by ${when(derived, horizon)}${healed === undefined ? '' : ` (healed at ${when(derived, healed)})`}`,
        );
        return;
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
        note(
          `${inc.name} (uid ${inc.uid}) container ${first.container} restarted at ${when(derived, first.at)} (restartCount +${count}), same UID and claims, Ready again at ${when(derived, ready)}`,
        );
    };
    return judgeProbeBreaks(ID, input, 'liveness', judge, () => ({ restarts: restartsSeen }));
  },
);
