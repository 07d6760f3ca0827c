import { ApiError } from '../kube/http.ts';
import { Duration } from '../util/duration.ts';
import { sleep } from '../util/sleep.ts';
import { cordon, nodeFaultApplicable } from './node-cordon.ts';
import type { Fault } from './types.ts';

/**
 * Node drain: cordon the victim's node (revert registered first) and evict the victim through the
 * Eviction API, which honours PodDisruptionBudgets (a 429 is retried until the budget allows it or the
 * deadline passes). Only the target's pod is evicted: nothing outside the target is touched.
 */
export function nodeDrain(): Fault {
  return {
    name: 'node-drain',
    blastRadius: 'pod',
    applicable: nodeFaultApplicable,
    async inject(env, victim) {
      const undo = await cordon(env, victim, 'node-drain');
      const deadline = Date.now() + env.config.budget.toMilliseconds();
      for (;;) {
        try {
          await env.http.request(
            'create',
            `/api/v1/namespaces/${env.target.namespace}/pods/${victim.pod}/eviction`,
            {
              body: {
                apiVersion: 'policy/v1',
                kind: 'Eviction',
                metadata: { name: victim.pod, namespace: env.target.namespace },
                deleteOptions: { preconditions: { uid: victim.uid } },
              },
            },
          );
          break;
        } catch (e) {
          if (e instanceof ApiError && e.status === 429 && Date.now() < deadline && !env.signal.aborted) {
            env.log.info({ pod: victim.pod }, 'eviction refused by a PodDisruptionBudget; retrying');
            await sleep(Duration.seconds(2), env.signal);
            continue;
          }
          throw e;
        }
      }
      return {
        expect: 'new-uid',
        afterRecovery: undo,
      };
    },
  };
}
