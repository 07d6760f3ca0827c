import type { Fault } from './types.ts';

export interface PodKillOptions {
  /** Delete with grace period 0 (`--force`). @default false */
  readonly force?: boolean;
}

/** Pod kill: delete the pod, gracefully or forced; the controller recreates it under the same name. */
export function podKill(opts: PodKillOptions = {}): Fault {
  const force = opts.force ?? false;
  return {
    name: 'pod-kill',
    blastRadius: 'pod',
    variant: force ? 'forced' : 'graceful',
    async applicable() {
      return undefined;
    },
    async inject(env, victim) {
      const { namespace } = env.target;
      env.recorder.store.mark({
        mark: 'fault-start',
        fault: 'pod-kill',
        ordinal: victim.ordinal,
        node: victim.node,
        details: { force },
      });
      await env.http.request('delete', `/api/v1/namespaces/${namespace}/pods/${victim.pod}`, {
        body: {
          apiVersion: 'v1',
          kind: 'DeleteOptions',
          preconditions: { uid: victim.uid },
          ...(force ? { gracePeriodSeconds: 0 } : {}),
        },
      });
      env.recorder.store.mark({
        mark: 'fault-end',
        fault: 'pod-kill',
        ordinal: victim.ordinal,
        node: victim.node,
      });
      return { expect: 'new-uid' };
    },
  };
}
