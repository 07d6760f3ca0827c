import { waitForHealthy } from '../engine/waits.ts';
import type { Pod } from '../kube/objects.ts';
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
 * How far below R the step goes: to R-1, so that two ordinals go at once and their order is judged
 * (ORD-2), unless that would cost the user data or service: a claim retention `whenScaled: Delete`
 * would delete ordinal R-1's claim, and R = 1 would leave no pod. Then back to R only (ORD-2 skipped).
 */
export function lowest(replicas: number, whenScaled: string | undefined): { to: number; why?: string } {
  if (whenScaled === 'Delete')
    return { to: replicas, why: 'whenScaled: Delete would delete the claim of an ordinal the user had' };
  if (replicas < 2) return { to: replicas, why: 'one replica: going below it would leave no pod' };
  return { to: replicas - 1 };
}

/**
 * Scale R → R+1 → R-1 → R (ORD-1, ORD-2, VOL-5; the catalogue's "3 → 4 → 2" scenario): the new
 * ordinal is created last, then R and R-1 go highest first, one at a time, and R-1 comes back on its
 * own claim. The original replica count is registered in the ledger before the first patch; the claims
 * of ordinal R did not exist before the step and are deleted after it. See `lowest` for when the step
 * does not go below R.
 */
export function scaleUpDown(): Fault {
  return {
    name: 'scale',
    blastRadius: 'pod',
    changesTarget: true,
    variant: 'R+1, R-1, R',
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
      let now = replicas;
      const scale = async (n: number) => {
        env.recorder.store.mark({ mark: 'step', details: { step: 'scale', from: now, to: n } });
        await env.http.request('patch', `${path}/scale`, {
          body: { spec: { replicas: n } },
          contentType: 'application/merge-patch+json',
        });
        now = n;
      };
      const healthy = (n: number) =>
        waitForHealthy(env.recorder, { ...env.target, replicas: n }, env.config.budget, env.signal);
      const dropExtraClaims = async () => {
        for (const t of claimTemplates)
          await env.http
            .request('delete', `/api/v1/namespaces/${namespace}/persistentvolumeclaims/${t}-${name}-${extra}`)
            .catch(() => undefined);
      };
      await scale(replicas + 1);
      await healthy(replicas + 1).catch(async (e) => {
        if (!(e instanceof WaitTimeoutError) || env.signal.aborted) throw e;
        // The scale-up did not happen: back to R now, so that the next steps find the target as it was.
        await undo.revert();
        await dropExtraClaims();
        throw new FaultError(
          `the new ordinal ${name}-${extra} was not Ready within ${env.config.budget}: ${e.message}`,
        );
      });
      const low = lowest(
        replicas,
        env.target.statefulSet.spec?.persistentVolumeClaimRetentionPolicy?.whenScaled,
      );
      if (low.why)
        env.log.info(
          { step: 'scale' },
          `scaling back to ${replicas} only: ${low.why} (ORD-2 has one removal to judge)`,
        );
      await scale(low.to);
      if (low.to < replicas) {
        // Both removed ordinals must be gone (highest first) before R comes back: else the controller may
        // never delete the second one, and ORD-2 has only one removal to judge.
        const removed = [low.to, replicas].map((i) => `${name}-${ordinalsStart + i}`);
        await env.recorder.waitFor(
          `${removed.join(' and ')} to be deleted`,
          env.config.budget,
          () => !env.recorder.objects<Pod>('Pod').some((p) => removed.includes(p.metadata.name)),
          () =>
            `still there: ${env.recorder
              .objects<Pod>('Pod')
              .filter((p) => removed.includes(p.metadata.name))
              .map((p) => p.metadata.name)
              .join(', ')}`,
          env.signal,
        );
        await healthy(low.to);
        await scale(replicas);
      }
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
