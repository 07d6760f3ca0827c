import type { FaultId } from '../config/types.ts';
import type { FaultEnv, Victim } from './types.ts';

/**
 * Marks a fault's start or end in the timeline, on the victim's ordinal and node: the window the checks
 * judge the fault in. `details` say what was done (e.g. `{ force }`, `{ probe }`).
 */
export function markFault(
  env: Pick<FaultEnv, 'recorder'>,
  mark: 'fault-start' | 'fault-end',
  fault: FaultId,
  victim: Pick<Victim, 'ordinal' | 'node'>,
  details?: Readonly<Record<string, unknown>>,
): void {
  env.recorder.store.mark({
    mark,
    fault,
    ordinal: victim.ordinal,
    node: victim.node,
    ...(details ? { details } : {}),
  });
}

/** Deletes the victim's pod, that incarnation only (a UID precondition); `force`: grace period 0. */
export async function deleteVictim(
  env: Pick<FaultEnv, 'http' | 'target'>,
  victim: Pick<Victim, 'pod' | 'uid'>,
  force = false,
): Promise<void> {
  await env.http.request('delete', `/api/v1/namespaces/${env.target.namespace}/pods/${victim.pod}`, {
    body: {
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      preconditions: { uid: victim.uid },
      ...(force ? { gracePeriodSeconds: 0 } : {}),
    },
  });
}
