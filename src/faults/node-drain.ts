import { ApiError } from '../kube/http.ts';
import { Duration } from '../util/duration.ts';
import { sleep } from '../util/sleep.ts';
import { cordonedFault } from './node-cordon.ts';
import type { Fault, FaultEnv, Victim } from './types.ts';

/**
 * Evicts the victim through the Eviction API, which honours PodDisruptionBudgets: a 429 is retried until the
 * budget allows it or the deadline (the run's budget) passes.
 */
async function evict(env: FaultEnv, victim: Victim): Promise<void> {
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
      return;
    } catch (e) {
      if (e instanceof ApiError && e.status === 429 && Date.now() < deadline && !env.signal.aborted) {
        env.log.info({ pod: victim.pod }, 'eviction refused by a PodDisruptionBudget; retrying');
        await sleep(Duration.seconds(2), env.signal);
        continue;
      }
      throw e;
    }
  }
}

/**
 * Node drain: cordon the victim's node (revert registered first) and evict the victim through the
 * Eviction API, which honours PodDisruptionBudgets (a 429 is retried until the budget allows it or the
 * deadline passes). Only the target's pod is evicted: nothing outside the target is touched.
 */
export function nodeDrain(): Fault {
  return cordonedFault('node-drain', evict);
}
