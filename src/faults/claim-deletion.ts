import { deleteVictim, markFault } from './marks.ts';
import type { Fault } from './types.ts';

/**
 * Claim deletion: delete the victim's claims (`T-S-k` for every template T), then the pod. The claim
 * stays Terminating while the pod lives (pvc-protection); the controller then recreates both, the claim
 * from the template with a new UID and, necessarily, without the old data. Nothing can revert it: VOL-4
 * reports the loss.
 */
export function claimDeletion(): Fault {
  return {
    name: 'claim-deletion',
    blastRadius: 'pod',
    async applicable(env) {
      return env.target.claimTemplates.length === 0
        ? `statefulset ${env.target.name} has no volumeClaimTemplates`
        : undefined;
    },
    async inject(env, victim) {
      const { namespace, name, claimTemplates } = env.target;
      const claims = claimTemplates.map((t) => `${t}-${name}-${victim.ordinal}`);
      markFault(env, 'fault-start', 'claim-deletion', victim, { claims });
      for (const c of claims) {
        await env.http.request('delete', `/api/v1/namespaces/${namespace}/persistentvolumeclaims/${c}`, {
          body: { apiVersion: 'v1', kind: 'DeleteOptions' },
        });
      }
      await deleteVictim(env, victim);
      markFault(env, 'fault-end', 'claim-deletion', victim);
      env.log.warn({ claims }, 'claims deleted: the data on them is gone (VOL-4 reports it)');
      return { expect: 'new-uid' };
    },
  };
}
