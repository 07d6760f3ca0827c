import { sleep } from '../util/sleep.ts';
import { markFault } from './marks.ts';
import {
  breakAndProve,
  type ProbeKindName,
  readinessHold,
  registerHeal,
  unbreakable,
} from './probe-freeze.ts';
import type { Fault } from './types.ts';

export type { ProbeKindName } from './probe-freeze.ts';

/**
 * Probe breakage: freeze every process of the target container (SIGSTOP; probes then time out), or run
 * the user's break command. Readiness: wait until the pod is out of the ready endpoints, hold, heal
 * (SIGCONT or the heal command) before the liveness probe would restart it. Liveness: wait for the
 * kubelet to restart the container. The heal is registered in the ledger before the break.
 */
export function probeBreakage(probe: ProbeKindName): Fault {
  return {
    name: 'probe-breakage',
    blastRadius: 'pod',
    variant: probe,
    applicable: (env, victim) => unbreakable(env, victim, probe),
    async inject(env, victim) {
      const undo = await registerHeal(env, victim);
      markFault(env, 'fault-start', 'probe-breakage', victim, { probe });
      try {
        await breakAndProve(env, victim, probe);
        // Readiness: hold, healed well before the liveness probe would restart the container. SIGTERM
        // ends the hold at once; the finally below heals.
        if (probe === 'readiness') await sleep(readinessHold(env), env.signal);
      } finally {
        await undo.revert();
        markFault(env, 'fault-end', 'probe-breakage', victim, { probe });
      }
      return { expect: probe === 'liveness' ? 'restart' : 'ready' };
    },
  };
}
