import { MULTI_ATTACH } from '../checks/multi-attach.ts';
import type { KubeEvent } from '../kube/objects.ts';
import type { Victim } from './types.ts';

/**
 * The attach/detach controller's refusal of the victim's replacement (another pod of that name than the
 * victim): its latest `FailedAttachVolume` Event with "Multi-Attach error for volume …", or undefined.
 */
export function multiAttachBlocked(
  events: readonly KubeEvent[],
  victim: Pick<Victim, 'pod' | 'uid'>,
): string | undefined {
  const refusals = events.filter(
    (e) =>
      e.reason === 'FailedAttachVolume' &&
      e.involvedObject?.kind === 'Pod' &&
      e.involvedObject.name === victim.pod &&
      e.involvedObject.uid !== victim.uid &&
      MULTI_ATTACH.test(e.message ?? ''),
  );
  return refusals.at(-1)?.message;
}
