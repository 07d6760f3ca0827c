import { waitForHealthy } from '../engine/waits.ts';
import type { Pod } from '../kube/objects.ts';
import { WaitTimeoutError } from '../timeline/recorder.ts';
import type { Duration } from '../util/duration.ts';
import type { RevertAction } from './revert-types.ts';
import type { FaultEnv } from './types.ts';

/** The revert of a scale step: the StatefulSet's replicas as they were before it. */
export const scaleBack: RevertAction<'scale'> = async ({ http }, p) => {
  await http.request('patch', `/apis/apps/v1/namespaces/${p.namespace}/statefulsets/${p.name}/scale`, {
    body: { spec: { replicas: Number(p.replicas) } },
    contentType: 'application/merge-patch+json',
  });
};

/** What the scale steps do to the target, each action marked on the timeline. */
export interface Scaler {
  /** The replicas asked for last. */
  readonly now: number;
  /** Patches the scale subresource to `n` (a `step` mark with from/to first). */
  to(n: number): Promise<void>;
  /** Waits until ordinals start..start+n-1 are Ready and nothing else is left (WaitTimeoutError). */
  healthy(n: number): Promise<void>;
  /** Waits until none of `pods` exists any more. */
  gone(pods: readonly string[], timeout: Duration): Promise<void>;
  /**
   * Under `whenScaled: Delete`: waits, at most `timeout`, until the garbage collector has acted on every
   * claim of `ordinal` (deletion requested, or gone), so that VOL-5 judges what it did. Never throws on
   * the timeout: a claim the collector never deleted is VOL-5's to report, with what it saw.
   */
  claimsCollected(ordinal: number, timeout: Duration): Promise<void>;
  /** Deletes the claims of ordinal R (the one the step adds): they did not exist before it. */
  dropExtraClaims(): Promise<void>;
}

export function scaler(env: FaultEnv): Scaler {
  const { namespace, name, replicas, ordinalsStart, claimTemplates } = env.target;
  const path = `/apis/apps/v1/namespaces/${namespace}/statefulsets/${name}`;
  const extra = ordinalsStart + replicas;
  let now = replicas;
  const podsNamed = (pods: readonly string[]) =>
    env.recorder.objects<Pod>('Pod').filter((p) => pods.includes(p.metadata.name));
  return {
    get now() {
      return now;
    },
    async to(n) {
      env.recorder.store.mark({ mark: 'step', details: { step: 'scale', from: now, to: n } });
      await env.http.request('patch', `${path}/scale`, {
        body: { spec: { replicas: n } },
        contentType: 'application/merge-patch+json',
      });
      now = n;
    },
    healthy: (n) =>
      waitForHealthy(env.recorder, { ...env.target, replicas: n }, env.config.budget, env.signal),
    gone: (pods, timeout) =>
      env.recorder.waitFor(
        `${pods.join(' and ')} to be deleted`,
        timeout,
        () => podsNamed(pods).length === 0,
        () =>
          `still there: ${podsNamed(pods)
            .map((p) => p.metadata.name)
            .join(', ')}`,
        env.signal,
      ),
    async claimsCollected(ordinal, timeout) {
      const names = claimTemplates.map((t) => `${t}-${name}-${ordinal}`);
      const left = () =>
        env.recorder
          .objects<{ metadata: { name: string; deletionTimestamp?: string } }>('PersistentVolumeClaim')
          .filter((c) => names.includes(c.metadata.name) && !c.metadata.deletionTimestamp);
      if (left().length === 0) return;
      env.log.info(
        { step: 'scale' },
        `whenScaled: Delete: waiting up to ${timeout} for the garbage collector to delete ${names.join(', ')}`,
      );
      await env.recorder
        .waitFor(
          `the garbage collector to delete ${names.join(', ')}`,
          timeout,
          () => left().length === 0,
          () =>
            `not deleted: ${left()
              .map((c) => c.metadata.name)
              .join(', ')}`,
          env.signal,
        )
        .catch((e) => {
          if (!(e instanceof WaitTimeoutError) || env.signal.aborted) throw e;
          env.log.warn({ step: 'scale' }, `${e.message} (VOL-5 judges it)`);
        });
    },
    async dropExtraClaims() {
      for (const t of claimTemplates)
        await env.http
          .request('delete', `/api/v1/namespaces/${namespace}/persistentvolumeclaims/${t}-${name}-${extra}`)
          .catch(() => undefined);
    },
  };
}
