/** Recorded rollouts for the ORD-3 and ORD-5 tests: replacements, update faults and their step marks. */

import { TimelineBuilder } from '../../timeline/testing/builder.ts';
import type { BadReleaseDetails } from '../../timeline/types.ts';

export const R1 = 'web-r1';
export const R2 = 'web-r2';

export interface ReplaceOptions {
  /** The new pod's revision. @default the StatefulSet's updateRevision */
  readonly revision?: string;
  /** Seconds after the deletion request when the new pod turns Ready, or false for never. @default 3 */
  readonly ready?: number | false;
}

/**
 * Replaces ordinal o: its deletion requested at t, the pod gone and the new one created at t+1, Ready at
 * t+3 (the Ready condition's lastTransitionTime too). Leaves the time there.
 */
export function replace(
  b: TimelineBuilder,
  o: number,
  t: number,
  opts: ReplaceOptions = {},
): TimelineBuilder {
  b.at(t)
    .podTerminating(o)
    .at(t + 1)
    .podDeleted(o)
    .podCreated(o, { node: 'n1', ...(opts.revision ? { revision: opts.revision } : {}) });
  const ready = opts.ready ?? 3;
  if (ready !== false) b.at(t + ready).podReady(o, { since: t + ready });
  return b;
}

/** Replaces the ordinals in the order given, the first at `from`, one every `every` seconds. */
export function rollout(
  b: TimelineBuilder,
  ordinals: readonly number[],
  from: number,
  every = 5,
): TimelineBuilder {
  ordinals.forEach((o, i) => {
    replace(b, o, from + i * every);
  });
  return b;
}

/**
 * A set of `replicas` (OrderedReady unless said), steady from 0; at 10 a rolling update of `variant`
 * starts (no ordinal on its marks) and the template changes (generation 2, update revision web-r2).
 */
export function updateStart(
  variant: 'restart' | 'partition' | 'on-delete',
  opts: { replicas?: number; partition?: number; minReadySeconds?: number; parallel?: boolean } = {},
): TimelineBuilder {
  const b = new TimelineBuilder({
    replicas: opts.replicas ?? 5,
    ...(opts.parallel ? { podManagementPolicy: 'Parallel' as const } : {}),
  }).steadyState();
  b.at(9).statefulSet({
    generation: 1,
    observedGeneration: 1,
    updatedReplicas: b.target.replicas,
    ...(variant === 'on-delete' ? { updateStrategy: 'OnDelete' as const } : {}),
    ...(opts.minReadySeconds ? { minReadySeconds: opts.minReadySeconds } : {}),
  });
  b.at(10)
    .faultStart('rolling-update', { details: { variant } })
    .statefulSet({
      generation: 2,
      updateRevision: R2,
      ...(opts.partition === undefined ? {} : { partition: opts.partition }),
    })
    .statefulSet({ observedGeneration: 2, updatedReplicas: 0 });
  return b;
}

/** At t: the status of a finished rollout to the update revision (all `updated` replicas), then fault-end. */
export function updateEnd(
  b: TimelineBuilder,
  t: number,
  fault = 'rolling-update',
  updated?: number,
): TimelineBuilder {
  const replicas = b.target.replicas;
  return b
    .at(t)
    .statefulSet({ updatedReplicas: updated ?? replicas, currentReplicas: updated ?? replicas })
    .statefulSet({ currentRevision: R2 })
    .faultEnd(fault);
}

export const BAD_RELEASE: BadReleaseDetails = {
  badImage: 'registry.local:5000/app:sts-chaos-bad-release-run1',
  container: 'app',
  policy: 'OrderedReady',
  k8sVersion: 'v1.34.4',
};

/**
 * A set of `replicas` (3) steady from 0; at 10 a bad release (generation 2, update revision web-r2): the
 * highest ordinal is replaced at 11-12 by a pod of web-r2 that waits ErrImagePull, then ImagePullBackOff at
 * 15. Leaves the time at 15.
 */
export function badReleaseStart(replicas = 3): TimelineBuilder {
  const b = new TimelineBuilder({ replicas }).steadyState();
  const top = replicas - 1;
  b.at(9).statefulSet({ generation: 1, observedGeneration: 1, updatedReplicas: replicas });
  b.at(10)
    .faultStart('bad-release', { details: { ...BAD_RELEASE } })
    .statefulSet({ generation: 2, observedGeneration: 2, updateRevision: R2, updatedReplicas: 0 });
  replace(b, top, 11, { ready: false });
  return b.at(13).podWaiting(top, 'ErrImagePull').at(15).podWaiting(top, 'ImagePullBackOff');
}

/**
 * At t the rollback: the step mark and the template restored (generation 3, update revision web-r1 again).
 * With `forced`, the broken pod stays until t+60, when the forced-rollback step mark and its deletion come.
 * The highest ordinal is then replaced on web-r1 and Ready 3 s later, the status finished, fault-end 5 s
 * after the replacement.
 */
export function badReleaseRollback(
  b: TimelineBuilder,
  t: number,
  opts: { forced?: boolean } = {},
): TimelineBuilder {
  const top = b.target.ordinalsStart + b.target.replicas - 1;
  b.at(t).step('rollback').statefulSet({ generation: 3, observedGeneration: 3, updateRevision: R1 });
  const at = opts.forced ? t + 60 : t + 1;
  if (opts.forced) b.at(at).step('forced-rollback', { pod: b.podName(top), uid: b.uidOf(top) });
  replace(b, top, at);
  return b
    .statefulSet({ updatedReplicas: b.target.replicas, currentRevision: R1 })
    .at(at + 5)
    .faultEnd('bad-release');
}
