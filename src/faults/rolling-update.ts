import { maxUnavailableOf } from '../checks/rollout.ts';
import { REVISION_LABEL } from '../engine/rollout.ts';
import { podsByName } from '../engine/waits.ts';
import type { StatefulSet } from '../kube/objects.ts';
import { Duration } from '../util/duration.ts';
import { sleep } from '../util/sleep.ts';
import { deleteVictim } from './marks.ts';
import type { Fault, FaultEnv, FaultRun } from './types.ts';
import {
  liveStatefulSet,
  patchStatefulSet,
  restartBody,
  rolloutBudget,
  waitNewRevision,
  waitReplaced,
  waitRolledOut,
} from './update-ops.ts';

/** The three ways the updates suite rolls the set: as `kubectl rollout restart`, under a partition, OnDelete. */
export type RolloutVariant = 'restart' | 'partition' | 'on-delete';

/** Marks the start or end of an update fault: on the whole set (no ordinal: ORD-3 judges its replacements). */
export function markSetFault(
  env: Pick<FaultEnv, 'recorder'>,
  mark: 'fault-start' | 'fault-end',
  fault: 'rolling-update' | 'bad-release' | 'recreate',
  details: Readonly<Record<string, unknown>>,
): void {
  env.recorder.store.mark({ mark, fault, details });
}

/** Marks a phase of an update fault (`partition-restore`, `on-delete-pod`, `rollback`, `forced-rollback`). */
export function markUpdateStep(env: Pick<FaultEnv, 'recorder'>, step: string, details = {}): void {
  env.recorder.store.mark({ mark: 'step', details: { step, ...details } });
}

const strategyOf = (sts: StatefulSet | undefined) => sts?.spec?.updateStrategy?.type ?? 'RollingUpdate';

/** The partition step's partition: `--partition`, else R-1; why not, when it would leave no side. */
export function stepPartition(replicas: number, asked: number | undefined): number | string {
  if (replicas < 2) return 'one replica: a partition cannot leave ordinals on both sides';
  const p = asked ?? replicas - 1;
  if (p < 1 || p >= replicas) return `--partition ${p}: must be 1..${replicas - 1} on ${replicas} replicas`;
  return p;
}

/** Why a variant does not apply to this target, or undefined. */
function notApplicable(env: FaultEnv, variant: RolloutVariant): string | undefined {
  const sts = liveStatefulSet(env) ?? env.target.statefulSet;
  const strategy = strategyOf(sts);
  if (variant === 'on-delete' && strategy !== 'OnDelete')
    return `updateStrategy is ${strategy}: the restart and partition steps cover it`;
  if (variant !== 'on-delete' && strategy === 'OnDelete')
    return 'updateStrategy is OnDelete: the on-delete step covers it';
  const maxUnavailable = sts.spec?.updateStrategy?.rollingUpdate?.maxUnavailable;
  // A percentage counts as the controller counts it (of the replicas, rounded up).
  const atOnce = maxUnavailableOf({ maxUnavailable, replicas: env.target.replicas });
  if (atOnce > env.config.maxDisrupted)
    return `rollingUpdate.maxUnavailable ${maxUnavailable} (${atOnce} pods) would disrupt more than --max-disrupted=${env.config.maxDisrupted} ordinals at once`;
  if (variant === 'partition') {
    const p = stepPartition(env.target.replicas, env.config.updates.partition);
    if (typeof p === 'string') return p;
  }
  return undefined;
}

/**
 * A rollout of every pod, by changing the template as `kubectl rollout restart` does (the
 * `kubectl.kubernetes.io/restartedAt` annotation; no revert, as with kubectl). `partition`: only the
 * ordinals at or above the partition first, then the user's partition again (in the ledger before the
 * patch); `on-delete`: under OnDelete nothing may change by itself, then the pods are deleted one at a
 * time, highest first, each back on the new revision and Ready before the next.
 */
export function rollingUpdate(variant: RolloutVariant): Fault {
  return {
    name: 'rolling-update',
    variant,
    blastRadius: 'set',
    changesTarget: true,
    async applicable(env) {
      return notApplicable(env, variant);
    },
    async inject(env) {
      const { namespace, name, replicas } = env.target;
      const end: FaultRun = {
        expect: 'updated',
        afterRecovery: async () => markSetFault(env, 'fault-end', 'rolling-update', { variant }),
      };
      if (variant === 'partition') {
        const p = stepPartition(replicas, env.config.updates.partition) as number;
        const sts = liveStatefulSet(env) ?? env.target.statefulSet;
        const user = sts.spec?.updateStrategy?.rollingUpdate?.partition;
        const undo = await env.reverts.register(
          {
            kind: 'restore-partition',
            namespace,
            name,
            partition: user === undefined ? '' : String(user),
            set: String(p),
          },
          `restore the partition of ${namespace}/${name} to ${user ?? 'unset'}`,
        );
        markSetFault(env, 'fault-start', 'rolling-update', {
          variant,
          partition: p,
          userPartition: user ?? null,
        });
        const before = sts.status?.updateRevision;
        const patched = await patchStatefulSet(
          env,
          restartBody(new Date(), { updateStrategy: { rollingUpdate: { partition: p } } }),
        );
        // Whatever stops the step here, the user's partition is back before the next step.
        await waitNewRevision(env, patched, before)
          .then(() =>
            waitRolledOut(
              env,
              `ordinals ${p}.. of ${name} on the new revision (partition ${p})`,
              rolloutBudget(env, replicas - p),
            ),
          )
          .catch(async (e) => {
            await undo.revert();
            throw e;
          });
        // The controller would go on now if it ignored the partition: give it the time to (wrongly) do so.
        const minReady = sts.spec?.minReadySeconds ?? 0;
        await sleep(Duration.seconds(5 + minReady), env.signal);
        markUpdateStep(env, 'partition-restore', { partition: user ?? null });
        await undo.revert();
        return end;
      }
      markSetFault(env, 'fault-start', 'rolling-update', { variant });
      const before = liveStatefulSet(env)?.status?.updateRevision;
      const patched = await patchStatefulSet(env, restartBody(new Date()));
      // Proof of effect: a new revision, which the controller rolls out (or, OnDelete, waits with).
      const revision = await waitNewRevision(env, patched, before);
      if (variant === 'restart') return end;
      // OnDelete: the controller made the new revision but replaces nothing by itself.
      await sleep(env.config.updates.onDeleteWatch, env.signal);
      for (let i = env.target.ordinalsStart + replicas - 1; i >= env.target.ordinalsStart; i--) {
        const pod = `${name}-${i}`;
        const p = podsByName(env.recorder).get(pod);
        if (!p || p.metadata.labels?.[REVISION_LABEL] === revision) continue;
        markUpdateStep(env, 'on-delete-pod', { ordinal: i, pod, uid: p.metadata.uid });
        await deleteVictim(env, { pod, uid: p.metadata.uid });
        await waitReplaced(env, pod, p.metadata.uid, revision, env.config.budget);
      }
      return end;
    },
  };
}
