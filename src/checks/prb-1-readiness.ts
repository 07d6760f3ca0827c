import type { EndpointHistory } from '../timeline/incarnations.ts';
import { successorOf } from '../timeline/queries.ts';
import { defineCheck } from './define.ts';
import { span, when } from './format.ts';
import { judgeProbeBreaks } from './probes.ts';
import type { Check } from './types.ts';

const ID = 'PRB-1';

function readyEndpointAt(h: EndpointHistory, t: number): boolean {
  let ready = false;
  for (const x of h.transitions) {
    if (x.at > t) break;
    ready = x.ready;
  }
  return ready;
}

/**
 * PRB-1 readiness: while its readiness probe is broken the pod turns not Ready, leaves the ready endpoints of
 * every Service that lists it (except those publishing not-ready addresses) and is not restarted; once healed
 * it is Ready again, and a ready endpoint again, as the same pod (same UID) within the budget.
 */
export const prb1Readiness: Check = defineCheck(
  { id: ID, title: 'readiness', tags: ['probe'] },
  ({ input, derived, options, bounds: b }) => {
    const budget = options.budget.toMilliseconds();
    return judgeProbeBreaks(ID, input, 'readiness', ({ fault: f, inc, healed, broke, violation, note }) => {
      const unready = inc.unreadyAt.find((u) => u >= f.startedAt && u <= (healed ?? b.to));
      if (unready === undefined) {
        violation(
          f.startedAt,
          `${broke}: the pod stayed Ready until ${healed === undefined ? 'the end of the run' : `the probe was healed at ${when(derived, healed)}`}`,
        );
        return;
      }
      const back = inc.readyAt.find((r) => r > unready);
      const horizon = Math.min(back ?? b.to, b.to);
      const restart = inc.restarts.find((r) => r.at >= f.startedAt && r.at <= horizon);
      if (restart)
        violation(
          restart.at,
          `${broke}: container ${restart.container} was restarted at ${when(derived, restart.at)} (restartCount ${restart.from}→${restart.to}); a readiness failure must not restart it`,
        );
      if (inc.deletedAt !== undefined && inc.deletedAt <= horizon) {
        const next = successorOf(derived, inc);
        violation(
          inc.deletedAt,
          `${broke}: the pod was deleted at ${when(derived, inc.deletedAt)}${next ? ` and replaced by uid ${next.uid}` : ''} instead of only leaving the endpoints`,
        );
        return;
      }
      if (healed !== undefined) {
        if (back === undefined || back - healed > budget)
          violation(
            back ?? b.to,
            `${broke}, healed at ${when(derived, healed)}: ${inc.name} was ${back === undefined ? 'not Ready again by the end of the run' : `Ready again only at ${when(derived, back)}, ${span(back - healed)} later (budget ${options.budget})`}`,
          );
      }

      const listed: string[] = [];
      const notReadyPublished: string[] = [];
      for (const [service, pods] of derived.endpoints) {
        if (derived.services.get(service)?.publishNotReadyAddresses) {
          if (pods.has(inc.uid)) notReadyPublished.push(service);
          continue;
        }
        const h = pods.get(inc.uid);
        if (!h || !readyEndpointAt(h, f.startedAt)) continue;
        listed.push(service);
        const removed = h.transitions.find((x) => !x.ready && x.at >= f.startedAt && x.at <= horizon);
        if (!removed) {
          violation(
            unready,
            `${broke}: ${inc.name} stayed a ready endpoint of Service ${service} although not Ready from ${when(derived, unready)}${back === undefined ? '' : ` to ${when(derived, back)}`}`,
          );
          continue;
        }
        if (back !== undefined) {
          const readded = h.transitions.find((x) => x.ready && x.at >= back);
          if (!readded || readded.at - back > budget)
            violation(
              back,
              `${broke}: ${inc.name} was Ready again at ${when(derived, back)} but ${readded ? `only a ready endpoint of Service ${service} again at ${when(derived, readded.at)}` : `never again a ready endpoint of Service ${service}`}`,
            );
        }
      }
      const published = notReadyPublished.length
        ? `; endpoints not judged for ${notReadyPublished.join(', ')} (publishNotReadyAddresses: an unready pod stays listed by design)`
        : '';
      note(
        `${inc.name} (uid ${inc.uid}) unready at ${when(derived, unready)}${listed.length > 0 ? `, out of the ready endpoints of ${listed.length > 1 ? 'Services' : 'Service'} ${listed.join(', ')}` : ', endpoints not recorded'}, not restarted${back === undefined ? '' : `, Ready again at ${when(derived, back)} with the same UID`}${published}`,
      );
    });
  },
);
