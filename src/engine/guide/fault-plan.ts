/**
 * What a fault will do to this victim and how it is reverted, in words, for a guided step's plan: the
 * wording of docs/guarantees.md's fault table ("How", "Revert") made concrete with the pod, the node and
 * the settings in force. The update and recreate steps say what `plan` says of them (src/faults/update-plan.ts).
 */
import type { RunConfig } from '../../config/types.ts';
import type { Fault, Victim } from '../../faults/types.ts';
import { updatePlan } from '../../faults/update-plan.ts';
import type { Target } from '../target.ts';

/** What a step does and how what it does is undone. */
export interface FaultPlan {
  /** e.g. "delete pod sts-demo/web-2 (on node n2) with grace period 0 (forced)" */
  readonly does: string;
  /** e.g. "uncordon node n2 (in the fault ledger before the cordon)", or why nothing is reverted */
  readonly revert: string;
}

/** The settings a fault plan reads. */
export type FaultPlanConfig = Pick<RunConfig, 'processName' | 'probes' | 'nodeLoss' | 'updates'>;

const LEDGER = 'in the fault ledger before it acts: it runs on failure and SIGTERM too';

/** The plan of `fault` on `victim` of `t`. */
export function faultPlan(fault: Fault, victim: Victim, t: Target, cfg: FaultPlanConfig): FaultPlan {
  const pod = `pod ${t.namespace}/${victim.pod} (on node ${victim.node || '?'})`;
  const container = `container ${t.container} of ${pod}`;
  switch (fault.name) {
    case 'pod-kill':
      return {
        does: `delete ${pod} ${fault.variant === 'forced' ? 'with grace period 0 (forced)' : 'gracefully'}`,
        revert: 'nothing to revert: the StatefulSet controller re-creates the pod under the same name',
      };
    case 'process-kill':
      return {
        does: `kill ${cfg.processName ? `the process "${cfg.processName}" (SIGKILL)` : 'PID 1 (SIGTERM)'} in ${container}`,
        revert: 'nothing to revert: the container restarts in the same pod',
      };
    case 'claim-deletion': {
      const claims = t.claimTemplates.map((c) => `${c}-${t.name}-${victim.ordinal}`).join(', ');
      return {
        does: `delete the claims ${claims || '(none)'}, then ${pod}: THE DATA ON THEM IS LOST`,
        revert: 'none possible: the controller re-creates the claims empty (VOL-4 reports the loss)',
      };
    }
    case 'probe-breakage':
      return probePlan(fault.variant, container, cfg);
    case 'scale':
      return scalePlan(fault.variant, victim, t, cfg);
    case 'node-cordon':
    case 'node-drain':
      return {
        does: `cordon node ${victim.node} and ${fault.name === 'node-drain' ? 'evict' : 'delete'} ${pod}${fault.name === 'node-drain' ? ' through the Eviction API (PodDisruptionBudgets honoured)' : ''}, so that it is scheduled elsewhere; uncordon once it is back`,
        revert: `uncordon node ${victim.node} (${LEDGER})`,
      };
    case 'node-loss':
      return nodeLossPlan(victim, cfg);
    case 'rolling-update':
    case 'bad-release':
    case 'recreate': {
      const what = updatePlan(
        { fault: fault.name, ...(fault.variant ? { variant: fault.variant } : {}) },
        t,
        cfg,
      );
      return {
        does: `${fault.name}${fault.variant ? ` ${fault.variant}` : ''} of StatefulSet ${t.namespace}/${t.name}: ${what ?? ''}`,
        revert: setRevert(fault),
      };
    }
  }
}

function probePlan(variant: string | undefined, container: string, cfg: FaultPlanConfig): FaultPlan {
  const how = cfg.probes.breakCommand
    ? `run "${cfg.probes.breakCommand}" in`
    : 'freeze every process (SIGSTOP) of';
  const heal = cfg.probes.healCommand ? `run "${cfg.probes.healCommand}"` : 'SIGCONT the processes';
  return {
    does:
      variant === 'liveness'
        ? `${how} ${container} until its liveness probe fails and the kubelet restarts it`
        : `${how} ${container} until the pod is not Ready, hold up to ${cfg.probes.holdFor} (healed before its liveness probe would fail), heal`,
    revert: `${heal} (${LEDGER})`,
  };
}

function scalePlan(variant: string | undefined, victim: Victim, t: Target, cfg: FaultPlanConfig): FaultPlan {
  const sts = `StatefulSet ${t.namespace}/${t.name}`;
  const r = t.replicas;
  if (variant?.startsWith('halt')) {
    const heal = cfg.probes.healCommand ? `run "${cfg.probes.healCommand}" in` : 'SIGCONT';
    return {
      does: `break the readiness of pod ${t.namespace}/${victim.pod} (on node ${victim.node || '?'}), scale ${sts} from ${r} to ${r + 1} while it is unready (no new pod may come), heal it, then back to ${r}`,
      revert: `scale ${sts} back to ${r}, and ${heal} ${victim.pod} (${LEDGER})`,
    };
  }
  return {
    does: `scale ${sts} from ${r} to ${r + 1}, then ${r - 1 >= 1 ? `${r - 1} (unless its claim retention or one replica forbids it)` : r}, then back to ${r}; the claims of the ordinal that did not exist are deleted after the checks`,
    revert: `scale ${sts} back to ${r} (${LEDGER})`,
  };
}

function nodeLossPlan(victim: Victim, cfg: FaultPlanConfig): FaultPlan {
  const n = victim.node;
  const nl = cfg.nodeLoss;
  const hold = `held until its pod ${victim.pod} is evicted (then ${nl.holdAfterEviction} more observed), at most ${nl.hold}`;
  const fence =
    nl.fence === 'out-of-service' ? `; taint it node.kubernetes.io/out-of-service once NotReady` : '';
  const untaint = nl.fence === 'out-of-service' ? ', and remove the out-of-service taint' : '';
  switch (nl.mode) {
    case 'agent':
      return {
        does: `freeze the kubelet of node ${n} (SIGSTOP, from a privileged agent pod on it)${nl.kind === 'power-off' ? ` and kill the target's containers there (power-off)${fence}` : ', the containers left running (partition)'}; ${hold}`,
        revert: `resume the kubelet of node ${n}${untaint} (${LEDGER}; the agent resumes it by itself at its deadline, or when the run's Lease is no longer renewed)`,
      };
    case 'lab':
      return {
        does: `stop the kubelet of lab node ${n} (lab node-down${nl.kind === 'power-off' ? ' --power-off' : ''})${fence}; ${hold}`,
        revert: `bring node ${n} back (lab node-up)${untaint} (${LEDGER})`,
      };
    case 'command':
      return {
        does: `run "${(nl.downCommand ?? '').replaceAll('{node}', n)}"${fence}; ${hold}`,
        revert: `run "${(nl.upCommand ?? '').replaceAll('{node}', n)}"${untaint} (${LEDGER})`,
      };
    case 'none':
      return {
        does: 'nothing: node loss is off (--node-loss none), its checks are skipped',
        revert: 'nothing to revert',
      };
  }
}

function setRevert(fault: Fault): string {
  switch (fault.name) {
    case 'rolling-update':
      return fault.variant === 'partition'
        ? `the user's partition restored, only while it is still the one sts-chaos set (${LEDGER}); the restart annotation stays, as with kubectl`
        : 'nothing to revert: the restart annotation stays, as with kubectl rollout restart';
    case 'bad-release':
      return `the user's pod template restored, then every pod stuck on the bad image deleted (${LEDGER})`;
    default:
      return `the StatefulSet re-created from its spec saved in the fault ledger if it is missing, never a second one (${LEDGER})`;
  }
}
