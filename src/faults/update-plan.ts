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
  if (step.fault === 'recreate') return recreatePlan(step.variant, t);
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

/** What a recreate step deletes and makes again, and what the retention policy means for the claims. */
function recreatePlan(variant: string | undefined, t: Target): string {
  const sts = `StatefulSet ${t.namespace}/${t.name} (uid ${t.statefulSet.metadata.uid})`;
  const pods = `${t.name}-${t.ordinalsStart}..${t.name}-${t.ordinalsStart + t.replicas - 1}`;
  if (variant === 'orphan')
    return `${sts} deleted with propagationPolicy Orphan (its pods ${pods} keep running, unowned), then made again from its saved spec (in the ledger first): each pod must be adopted as it runs, no restart; claims untouched`;
  const policy = t.statefulSet.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted ?? 'Retain';
  const claims =
    t.claimTemplates.length === 0
      ? 'no claims'
      : policy === 'Delete'
        ? `whenDeleted: Delete: its claims (${t.claimTemplates.map((c) => `${c}-${t.name}-*`).join(', ')}) are deleted with it: THE DATA IN THEM IS LOST, and the re-created pods get new, empty claims`
        : `whenDeleted: Retain: its claims (${t.claimTemplates.map((c) => `${c}-${t.name}-*`).join(', ')}) stay, and the re-created pods mount them again`;
  return `${sts} deleted with its pods ${pods} (the default propagation: removed by the garbage collector, in no promised order), then made again from its saved spec (in the ledger first); ${claims}`;
}
