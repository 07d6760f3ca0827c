import { isReady, type Pod, type StatefulSet } from '../kube/objects.ts';
import type { Recorder } from '../timeline/recorder.ts';
import type { Duration } from '../util/duration.ts';
import type { Target } from './target.ts';
import { ordinals, podName } from './target.ts';

/** The target's live pods by name (the latest object seen for each name). */
export function podsByName(rec: Pick<Recorder, 'objects'>): Map<string, Pod> {
  const m = new Map<string, Pod>();
  for (const p of rec.objects<Pod>('Pod')) {
    const prev = m.get(p.metadata.name);
    if (!prev || (prev.metadata.deletionTimestamp && !p.metadata.deletionTimestamp))
      m.set(p.metadata.name, p);
  }
  return m;
}

/** One line describing every ordinal: name, short UID, node, phase, Ready, terminating. */
export function describePods(rec: Recorder, t: Target): string {
  const pods = podsByName(rec);
  return ordinals(t)
    .map((i) => {
      const p = pods.get(podName(t, i));
      if (!p) return `${podName(t, i)}: absent`;
      return `${podName(t, i)}: ${String(p.metadata.uid).slice(0, 8)} on ${p.spec?.nodeName ?? '-'} ${p.status?.phase ?? '?'}${isReady(p) ? ' Ready' : ' NotReady'}${p.metadata.deletionTimestamp ? ' Terminating' : ''}`;
    })
    .join('; ');
}

/** Healthy: the StatefulSet's status is current and every ordinal's pod is Ready and not terminating. */
export function healthy(rec: Recorder, t: Target): boolean {
  const sts = rec.objects<StatefulSet>('StatefulSet')[0];
  if (!sts) return false;
  if ((sts.status?.observedGeneration ?? 0) < (sts.metadata?.generation ?? 0)) return false;
  const pods = podsByName(rec);
  return ordinals(t).every((i) => {
    const p = pods.get(podName(t, i));
    return p && isReady(p) && !p.metadata.deletionTimestamp;
  });
}

/** WaitForHealthy: fails with what it last saw when the deadline passes. */
export function waitForHealthy(
  rec: Recorder,
  t: Target,
  deadline: Duration,
  signal?: AbortSignal,
): Promise<void> {
  return rec.waitFor(
    `every ordinal of ${t.namespace}/${t.name} to be Ready`,
    deadline,
    () => healthy(rec, t),
    () => describePods(rec, t),
    signal,
  );
}

export { isReady };
