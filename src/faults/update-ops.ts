import { REVISION_LABEL, rolloutLeft } from '../engine/rollout.ts';
import { podsByName } from '../engine/waits.ts';
import { ApiError } from '../kube/http.ts';
import { isReady, type StatefulSet } from '../kube/objects.ts';
import { WaitTimeoutError } from '../timeline/recorder.ts';
import { Duration } from '../util/duration.ts';
import type { RevertAction } from './revert-types.ts';
import { type FaultEnv, FaultError } from './types.ts';

/** The template annotation `kubectl rollout restart` sets; its new value makes a new revision. */
export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/** The API path of a StatefulSet. */
export const stsPath = (namespace: string, name: string) =>
  `/apis/apps/v1/namespaces/${namespace}/statefulsets/${name}`;

/** The target's StatefulSet as the recorder last saw it (its watch). */
export function liveStatefulSet(env: Pick<FaultEnv, 'recorder'>): StatefulSet | undefined {
  return env.recorder.objects<StatefulSet>('StatefulSet')[0];
}

/** A merge patch of the StatefulSet; `resourceVersion` makes it fail (409) if the object changed since. */
export async function patchStatefulSet(
  env: Pick<FaultEnv, 'http' | 'target'>,
  body: Record<string, unknown>,
  resourceVersion?: string,
): Promise<StatefulSet> {
  return env.http.request<StatefulSet>('patch', stsPath(env.target.namespace, env.target.name), {
    body: resourceVersion ? { ...body, metadata: { resourceVersion } } : body,
    contentType: 'application/merge-patch+json',
  });
}

/** The patch body of a restart (as `kubectl rollout restart`), with `more` of the spec beside it. */
export function restartBody(at: Date, more: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    spec: { ...more, template: { metadata: { annotations: { [RESTARTED_AT]: at.toISOString() } } } },
  };
}

/** The rollout's update budget: the run's budget for each ordinal it replaces. */
export function rolloutBudget(env: Pick<FaultEnv, 'config'>, pods: number): Duration {
  return Duration.millis(env.config.budget.toMilliseconds() * Math.max(1, pods));
}

/** Waits until the rollout is done under `partition`; a timeout says what it still lacked. */
export async function waitRolledOut(env: FaultEnv, what: string, within: Duration): Promise<void> {
  let left: string | undefined = 'not looked yet';
  await env.recorder.waitFor(
    what,
    within,
    () => {
      left = rolloutLeft(liveStatefulSet(env), podsByName(env.recorder), env.target);
      return left === undefined;
    },
    () => left ?? 'done',
    env.signal,
  );
}

/**
 * Proof of effect: the controller observed the patched spec (its generation) and made a new update
 * revision (not `before`). A patch that changed no revision is a FaultError: nothing would be replaced,
 * and the checks would compare nothing.
 */
export async function waitNewRevision(
  env: FaultEnv,
  patched: StatefulSet,
  before: string | undefined,
): Promise<string> {
  const generation = patched.metadata.generation ?? 0;
  const seen = () => liveStatefulSet(env)?.status;
  await env.recorder
    .waitFor(
      `${env.target.name} to observe generation ${generation} with a new update revision`,
      env.config.budget,
      () => (seen()?.observedGeneration ?? 0) >= generation && seen()?.updateRevision !== before,
      () =>
        `observedGeneration ${seen()?.observedGeneration ?? '?'}, updateRevision ${seen()?.updateRevision ?? '?'} (before: ${before ?? '?'})`,
      env.signal,
    )
    .catch((e) => {
      if (e instanceof WaitTimeoutError && !env.signal.aborted)
        throw new FaultError(`the template change made no new revision: ${e.message}`);
      throw e;
    });
  return seen()?.updateRevision ?? '';
}

/** Waits until pod `name` is a new incarnation (not `uid`), on `revision`, Ready (OnDelete: one at a time). */
export async function waitReplaced(
  env: FaultEnv,
  name: string,
  uid: string,
  revision: string,
  within: Duration,
): Promise<void> {
  await env.recorder.waitFor(
    `${name} to come back on revision ${revision}, Ready`,
    within,
    () => {
      const p = podsByName(env.recorder).get(name);
      return (
        !!p &&
        p.metadata.uid !== uid &&
        !p.metadata.deletionTimestamp &&
        p.metadata.labels?.[REVISION_LABEL] === revision &&
        isReady(p)
      );
    },
    () => {
      const p = podsByName(env.recorder).get(name);
      return p
        ? `${name} uid ${p.metadata.uid}, revision ${p.metadata.labels?.[REVISION_LABEL] ?? '?'}, Ready=${isReady(p)}`
        : `${name} absent`;
    },
    env.signal,
  );
}

/**
 * The revert of the partition step: the user's `rollingUpdate.partition` again (`partition`; '' when it
 * was unset), only while it is still the value the step set (`set`): a partition changed by someone else
 * meanwhile is theirs (an error that names both values). Guarded by the resourceVersion of the read it
 * decided on (a race is retried).
 */
export const restorePartition: RevertAction<'restore-partition'> = async ({ http }, p) => {
  const path = stsPath(p.namespace, p.name);
  const original = p.partition === '' ? null : Number(p.partition);
  for (let attempt = 1; ; attempt++) {
    const sts = await http.request<StatefulSet>('get', path);
    const now = sts.spec?.updateStrategy?.rollingUpdate?.partition ?? null;
    if (now === original || (original === 0 && now === null)) return;
    if (now !== Number(p.set))
      throw new Error(
        `statefulset ${p.namespace}/${p.name}: its partition is ${now ?? 'unset'}, neither the ${p.set} sts-chaos set nor the user's ${original ?? 'unset'}: left as it is`,
      );
    try {
      await http.request('patch', path, {
        body: {
          metadata: { resourceVersion: sts.metadata.resourceVersion },
          spec: { updateStrategy: { rollingUpdate: { partition: original } } },
        },
        contentType: 'application/merge-patch+json',
      });
      return;
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 409) || attempt >= 5) throw e;
    }
  }
};
