import { waitForHealthy } from '../engine/waits.ts';
import { WaitTimeoutError } from '../timeline/recorder.ts';
import { Duration } from '../util/duration.ts';
import type { RevertAction } from './revert-types.ts';
import { type Fault, FaultError } from './types.ts';

/** The revert of a scale step: the StatefulSet's replicas as they were before it. */
export const scaleBack: RevertAction<'scale'> = async ({ http }, p) => {
  await http.request('patch', `/apis/apps/v1/namespaces/${p.namespace}/statefulsets/${p.name}/scale`, {
    body: { spec: { replicas: Number(p.replicas) } },
    contentType: 'application/merge-patch+json',
  });
};

/**
 * Scale R → R+1 → R (ORD-1, ORD-2, VOL-5): the new ordinal must be created last and removed first.
 * The original replica count is registered in the ledger before the first patch; the claims the extra
 * ordinal got are deleted afterwards (they did not exist before the step).
 */
export function scaleUpDown(): Fault {
  return {
    name: 'scale',
    blastRadius: 'pod',
    changesTarget: true,
    variant: '+1 then back',
    async applicable() {
      return undefined;
    },
    async inject(env) {
      const { namespace, name, replicas, ordinalsStart, claimTemplates } = env.target;
      const path = `/apis/apps/v1/namespaces/${namespace}/statefulsets/${name}`;
      const undo = await env.reverts.register(
        { kind: 'scale', namespace, name, replicas: String(replicas) },
        `scale ${namespace}/${name} back to ${replicas}`,
      );
      const extra = ordinalsStart + replicas;
      const scale = async (n: number) => {
        env.recorder.store.mark({
          mark: 'step',
          details: { step: 'scale', from: n === replicas ? replicas + 1 : replicas, to: n },
        });
        await env.http.request('patch', `${path}/scale`, {
          body: { spec: { replicas: n } },
          contentType: 'application/merge-patch+json',
        });
      };
      const dropExtraClaims = async () => {
        for (const t of claimTemplates)
          await env.http
            .request('delete', `/api/v1/namespaces/${namespace}/persistentvolumeclaims/${t}-${name}-${extra}`)
            .catch(() => undefined);
      };
      await scale(replicas + 1);
      await waitForHealthy(
        env.recorder,
        { ...env.target, replicas: replicas + 1 },
        env.config.budget,
        env.signal,
      ).catch(async (e) => {
        if (!(e instanceof WaitTimeoutError) || env.signal.aborted) throw e;
        // The scale-up did not happen: back to R now, so that the next steps find the target as it was.
        await undo.revert();
        await dropExtraClaims();
        throw new FaultError(
          `the new ordinal ${name}-${extra} was not Ready within ${env.config.budget}: ${e.message}`,
        );
      });
      await scale(replicas);
      await undo.revert();
      return {
        expect: 'ready',
        afterRecovery: async () => {
          const gone = () =>
            !env.recorder
              .objects<{ metadata: { name: string } }>('Pod')
              .some((p) => p.metadata.name === `${name}-${extra}`);
          await env.recorder.waitFor(
            `${name}-${extra} to be deleted`,
            Duration.minutes(2),
            gone,
            () => 'still there',
            env.signal,
          );
        },
        // The extra ordinal's claims did not exist before the step: removed once VOL-5 has been judged.
        cleanup: dropExtraClaims,
      };
    },
  };
}
