import { maxUnavailableOf } from '../checks/rollout.ts';
import type { RunConfig } from '../config/types.ts';
import type { Target } from '../engine/target.ts';
import { badImageOf } from './bad-release-ops.ts';
import { stepPartition } from './rolling-update.ts';

/** A step of the updates suite, as the plan names it. */
export interface UpdateStepRef {
  readonly fault: string;
  readonly variant?: string;
}

/**
 * What an update step will replace on this target, in order (`plan`): the controller goes from the
 * highest ordinal down, one at a time; a partition stops at it; OnDelete waits for the tool's deletes.
 * Undefined for any other step.
 */
export function updatePlan(
  step: UpdateStepRef,
  t: Target,
  cfg: Pick<RunConfig, 'updates'>,
): string | undefined {
  const strategy = t.statefulSet.spec?.updateStrategy?.type ?? 'RollingUpdate';
  const names = (from: number, to: number) => {
    const out: string[] = [];
    for (let i = t.ordinalsStart + from; i >= t.ordinalsStart + to; i--) out.push(`${t.name}-${i}`);
    return out.join(', ');
  };
  const top = t.replicas - 1;
  const user = t.statefulSet.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  // Present only where the cluster honours it (an API server without the gate drops the field).
  const mu = t.statefulSet.spec?.updateStrategy?.rollingUpdate?.maxUnavailable;
  const atOnce = maxUnavailableOf({ maxUnavailable: mu, replicas: t.replicas });
  const pace =
    atOnce > 1
      ? `up to ${atOnce} at a time (maxUnavailable ${mu}), never more not Ready`
      : 'each Ready before the next';
  if (step.fault === 'rolling-update') {
    if (step.variant === 'on-delete')
      return strategy === 'OnDelete'
        ? `nothing replaced by the controller for ${cfg.updates.onDeleteWatch}; then sts-chaos deletes ${names(top, 0)} in that order, each back on the new revision and Ready before the next`
        : `skipped: updateStrategy is ${strategy}`;
    if (strategy === 'OnDelete') return 'skipped: updateStrategy is OnDelete';
    if (step.variant === 'partition') {
      const p = stepPartition(t.replicas, cfg.updates.partition);
      if (typeof p === 'string') return `skipped: ${p}`;
      return `partition ${p}: ${names(top, p)} replaced (highest first), ${names(p - 1, 0)} must keep their revision; then the partition back to ${user}: ${user < p ? names(p - 1, user) : 'nothing more'} follow`;
    }
    return `replaces ${user > 0 ? `${names(top, user)} (the partition ${user} keeps ${names(user - 1, 0)})` : names(top, 0)} in that order, ${pace}; the restartedAt annotation stays, as with kubectl`;
  }
  if (step.fault === 'bad-release') {
    const c = t.statefulSet.spec?.template?.spec?.containers?.find((x) => x.name === t.container);
    if (strategy === 'OnDelete') return 'skipped: updateStrategy is OnDelete';
    const broken =
      atOnce > 1
        ? ` (maxUnavailable ${mu}: the controller may break ${names(top, Math.max(user, top - atOnce + 1))} at once, and ORD-5 then fails)`
        : '';
    return `${t.name}-${t.ordinalsStart + top}/${t.container}: image ${c?.image ?? '?'} → ${badImageOf(c?.image ?? '', '<run>')} (cannot be pulled)${broken}; every other ordinal must stay Ready on its revision; then the template restored exactly, and the stuck pod deleted after ${cfg.updates.rollbackWait} if the controller leaves it (forced rollback)`;
  }
  return undefined;
}
