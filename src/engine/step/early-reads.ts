import type { FaultRun, Victim } from '../../faults/types.ts';
import type { KubeEvent } from '../../kube/objects.ts';
import { readMarkers } from '../markers.ts';
import { planReads } from '../read-plan.ts';
import { ordinals, podName } from '../target.ts';
import { podsByName } from '../waits.ts';
import type { StepContext } from './context.ts';
import { changed } from './recover.ts';

/** Which pod (uid) each ordinal's markers were read from. */
export type ReadUids = ReadonlyMap<number, string | undefined>;

/**
 * VOL-3 reads overlapped with the recovery: each ordinal's markers are read as soon as its pod runs
 * again (the victim: its new incarnation or restarted container, before it is Ready), so that the
 * verdict does not wait for execs after the last Ready event. A new pod is tried once already at the
 * kubelet's `Started` event for its container, which comes up to a PLEG period (1 s) before the pod's
 * status says running; a try whose exec fails leaves it to the status. Returns the function that
 * awaits the reads started; an ordinal whose pod changes after its read is read again after recovery.
 */
export function readAsRunning(
  ctx: StepContext,
  victim: Victim,
  run: FaultRun,
  signal: AbortSignal,
): () => Promise<ReadUids> {
  const { recorder, target, config, exec } = ctx;
  if (!ctx.markers) return async () => new Map();
  const pending = new Set(ordinals(target));
  const reads: Promise<ReadUids>[] = [];
  const tried = new Set<string>();
  const kick = () => {
    const pods = podsByName(recorder);
    const { now, early } = planReads({
      pending,
      podOf: (i) => pods.get(podName(target, i)),
      victimOrdinal: victim.ordinal,
      victimUid: victim.uid,
      victimChanged: (p) => changed(victim, run, p, target.container),
      container: target.container,
      events: () => recorder.objects<KubeEvent>('Event'),
      tried,
    });
    for (const { ordinal: i, uid } of early) {
      tried.add(uid);
      reads.push(
        readMarkers(exec, recorder, target, config.dataPaths, [i], { once: true }).then((m) => {
          if (m.get(i) === uid && podsByName(recorder).get(podName(target, i))?.metadata.uid === uid)
            pending.delete(i);
          return m;
        }),
      );
    }
    for (const i of now) pending.delete(i);
    if (now.length)
      reads.push(readMarkers(exec, recorder, target, config.dataPaths, now, { signal: ctx.signal }));
    return pending.size === 0;
  };
  const waited = recorder
    .waitFor('every ordinal to run again', config.budget, kick, () => `${pending.size} not running`, signal)
    .catch(() => undefined);
  return async () => {
    await waited;
    const out = new Map<number, string | undefined>();
    for (const m of await Promise.all(reads)) for (const [k, v] of m) out.set(k, v);
    return out;
  };
}
