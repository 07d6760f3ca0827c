import { isReady, type Pod, type StatefulSet } from '../kube/objects.ts';
import type { Target } from './target.ts';
import { ordinals, podName } from './target.ts';

/** The label the StatefulSet controller puts on each pod: the revision of the template it was made from. */
export const REVISION_LABEL = 'controller-revision-hash';

/** The rolling update's partition (0 under OnDelete or when unset). */
export function partitionOf(sts: StatefulSet): number {
  if ((sts.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return 0;
  return sts.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
}

/**
 * What a rollout still lacks, as the controller and the pods show it, or undefined when it is done: the
 * controller has observed the latest spec; every ordinal whose index is at or above the partition runs
 * the update revision; every ordinal is Ready and not terminating; the status counts agree
 * (`updatedReplicas` = replicas − partition; under RollingUpdate, `currentRevision` = `updateRevision` once
 * the partition is 0: the controller never moves it under OnDelete).
 */
export function rolloutLeft(
  sts: StatefulSet | undefined,
  pods: ReadonlyMap<string, Pod>,
  target: Target,
): string | undefined {
  if (!sts) return `statefulset ${target.name} not seen`;
  const st = sts.status ?? {};
  const generation = sts.metadata.generation ?? 0;
  if ((st.observedGeneration ?? 0) < generation)
    return `the controller has not observed generation ${generation} (observedGeneration ${st.observedGeneration ?? 0})`;
  const update = st.updateRevision;
  if (!update) return 'no updateRevision in the status';
  const partition = partitionOf(sts);
  for (const i of ordinals(target)) {
    const name = podName(target, i);
    const p = pods.get(name);
    if (!p) return `${name} does not exist`;
    if (p.metadata.deletionTimestamp) return `${name} is terminating`;
    const index = i - target.ordinalsStart;
    const revision = p.metadata.labels?.[REVISION_LABEL];
    if (index >= partition && revision !== update)
      return `${name} runs revision ${revision ?? '?'}, not the update revision ${update}`;
    if (!isReady(p)) return `${name} is not Ready`;
  }
  const want = Math.max(0, target.replicas - partition);
  if (st.updatedReplicas !== undefined && st.updatedReplicas < want)
    return `status.updatedReplicas ${st.updatedReplicas} < ${want}`;
  // The controller moves currentRevision only under RollingUpdate (OnDelete keeps it where it was).
  const rolling = (sts.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  if (rolling && partition === 0 && st.currentRevision !== update)
    return `status.currentRevision ${st.currentRevision ?? '?'} is not yet the update revision ${update}`;
  return undefined;
}
