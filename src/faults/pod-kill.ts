import { deleteVictim, markFault } from './marks.ts';
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
      markFault(env, 'fault-start', 'pod-kill', victim, { force });
      await deleteVictim(env, victim, force);
      markFault(env, 'fault-end', 'pod-kill', victim);
      return { expect: 'new-uid' };
    },
  };
}
