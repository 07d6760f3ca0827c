import type { FaultRun, Victim } from '../../faults/types.ts';
import type { Pod, StatefulSet } from '../../kube/objects.ts';
import { Duration } from '../../util/duration.ts';
import { rolloutLeft } from '../rollout.ts';
import { ordinals, podName } from '../target.ts';
import { describePods, isReady, podsByName } from '../waits.ts';
import type { StepContext } from './context.ts';
import { restarts } from './victim.ts';

/** Whether the victim's pod shows the change its fault expects (a new uid, a restart; `ready`: none). */
export function changed(victim: Victim, run: Pick<FaultRun, 'expect'>, p: Pod, container: string): boolean {
  if (run.expect === 'new-uid') return p.metadata.uid !== victim.uid;
  if (run.expect === 'restart')
    return p.metadata.uid !== victim.uid || restarts(p, container) > victim.restartCount;
  return true;
}

interface SliceLike {
  readonly endpoints?: readonly {
    readonly conditions?: { readonly ready?: boolean };
    readonly targetRef?: { readonly kind?: string; readonly name?: string; readonly uid?: string };
  }[];
}

/**
 * Whether the endpoints have caught up with the pods: no EndpointSlice still lists a Ready pod of the
 * target as not ready (the endpoints controller follows a pod's readiness a few ms later; judging before
 * that would see a pod "never again a ready endpoint").
 */
export function endpointsCaughtUp(pods: ReadonlyMap<string, Pod>, slices: readonly SliceLike[]): boolean {
  for (const s of slices)
    for (const ep of s.endpoints ?? []) {
      const ref = ep.targetRef;
      if (ref?.kind !== 'Pod' || !ref.name) continue;
      const p = pods.get(ref.name);
      if (p && p.metadata.uid === ref.uid && isReady(p) && ep.conditions?.ready === false) return false;
    }
  return true;
}

/** Whether every ordinal is Ready and not terminating, and the victim shows its fault's change. */
export function recovered(
  pods: ReadonlyMap<string, Pod>,
  ctx: StepContext,
  victim: Victim,
  run: Pick<FaultRun, 'expect'>,
) {
  if (run.expect === 'updated')
    return rolloutLeft(ctx.recorder.objects<StatefulSet>('StatefulSet')[0], pods, ctx.target) === undefined;
  const v = pods.get(victim.pod);
  if (!v || !isReady(v) || v.metadata.deletionTimestamp || !changed(victim, run, v, ctx.target.container))
    return false;
  return ordinals(ctx.target).every((i) => {
    const p = pods.get(podName(ctx.target, i));
    return p && isReady(p) && !p.metadata.deletionTimestamp;
  });
}

/**
 * Recovered again at the moment of judging: a disruption the fault caused can show only after recovery
 * (replicas that resync to a new primary turn unready a probe period later), and REC-1 judges whether
 * the ordinals it disrupted are Ready again by the step's end. When one is not, wait again (the budget).
 */
export async function stillRecovered(ctx: StepContext, victim: Victim, run: FaultRun): Promise<void> {
  const pods = podsByName(ctx.recorder);
  const slices = ctx.recorder.objects<SliceLike>('EndpointSlice');
  if (recovered(pods, ctx, victim, run) && endpointsCaughtUp(pods, slices)) return;
  ctx.log.info({ pod: victim.pod }, `an ordinal turned unready after the recovery; waiting for it again`);
  await waitRecovered(ctx, victim, run);
}

/** Whether the target has recovered from the fault, as the recorder last saw it (pods and endpoints). */
export function recoveredNow(ctx: StepContext, victim: Victim, run: Pick<FaultRun, 'expect'>): boolean {
  const pods = podsByName(ctx.recorder);
  return (
    recovered(pods, ctx, victim, run) &&
    endpointsCaughtUp(pods, ctx.recorder.objects<SliceLike>('EndpointSlice'))
  );
}

/** WaitForRecovery: every watch event re-evaluates; fails at the budget with what it last saw. */
export async function waitRecovered(ctx: StepContext, victim: Victim, run: FaultRun): Promise<void> {
  const { recorder, target, config } = ctx;
  // A rollout replaces the ordinals one at a time: the budget is each one's.
  const updated = run.expect === 'updated';
  const within = updated ? Duration.millis(config.budget.toMilliseconds() * target.replicas) : config.budget;
  const sts = () => recorder.objects<StatefulSet>('StatefulSet')[0];
  await recorder.waitFor(
    updated
      ? `${target.namespace}/${target.name} to finish its rollout`
      : `${target.namespace}/${target.name} to recover from the fault on ${victim.pod}`,
    within,
    () => recoveredNow(ctx, victim, run),
    () =>
      updated
        ? `${rolloutLeft(sts(), podsByName(recorder), target) ?? 'done'}; ${describePods(recorder, target)}`
        : describePods(recorder, target),
    ctx.signal,
  );
}
