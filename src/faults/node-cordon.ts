import { deleteVictim, markFault } from './marks.ts';
import { waitPlacedOrPinned } from './pinned-pending.ts';
import type { RevertAction } from './revert-types.ts';
import type { Fault, FaultEnv, Victim } from './types.ts';

/** The revert of a cordon (and of a drain's): make the node schedulable again. */
export const uncordon: RevertAction<'uncordon'> = async ({ http }, p) => {
  await http.request('patch', `/api/v1/nodes/${p.node}`, {
    body: { spec: { unschedulable: null } },
    contentType: 'application/merge-patch+json',
  });
};

export async function schedulableNodes(env: FaultEnv): Promise<string[]> {
  const nodes = env.recorder.objects<{
    metadata: { name: string };
    spec?: { unschedulable?: boolean };
    status?: { conditions?: { type: string; status: string }[] };
  }>('Node');
  return nodes
    .filter(
      (n) =>
        !n.spec?.unschedulable &&
        n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    )
    .map((n) => n.metadata.name);
}

export async function nodeFaultApplicable(env: FaultEnv, victim: Victim): Promise<string | undefined> {
  if (env.recorder.unavailable.has('Node')) return 'nodes cannot be read (RBAC): node faults are not enabled';
  const others = (await schedulableNodes(env)).filter((n) => n !== victim.node);
  if (others.length === 0)
    return `no schedulable node besides ${victim.node}: the pod has nowhere else to go`;
  return undefined;
}

/**
 * Registers the uncordon in the ledger, marks the fault's start, and cordons the victim's node. Returns
 * what ends the fault: the uncordon, then the fault-end mark.
 */
export async function cordon(
  env: FaultEnv,
  victim: Victim,
  fault: 'node-cordon' | 'node-drain',
): Promise<() => Promise<void>> {
  const undo = await env.reverts.register(
    { kind: 'uncordon', node: victim.node },
    `uncordon node ${victim.node}`,
  );
  markFault(env, 'fault-start', fault, victim);
  await env.http.request('patch', `/api/v1/nodes/${victim.node}`, {
    body: { spec: { unschedulable: true } },
    contentType: 'application/merge-patch+json',
  });
  return async () => {
    await undo.revert();
    markFault(env, 'fault-end', fault, victim);
  };
}

/**
 * A fault that cordons the victim's node (revert registered first), makes the victim go with `remove`, so
 * that it must be scheduled elsewhere, and uncordons once it has recovered.
 */
export function cordonedFault(
  name: 'node-cordon' | 'node-drain',
  remove: (env: FaultEnv, victim: Victim) => Promise<void>,
): Fault {
  return {
    name,
    blastRadius: 'pod',
    applicable: nodeFaultApplicable,
    async inject(env, victim) {
      const undo = await cordon(env, victim, name);
      await remove(env, victim);
      // A volume pinned to the cordoned node keeps the replacement Pending until the node is usable: said
      // at once, and the node given back, so that the ordinal returns there (not a blind timeout).
      const pinned = await waitPlacedOrPinned(env, victim);
      if (pinned) {
        env.log.warn({ pod: victim.pod, node: victim.node }, `${pinned}; uncordoning ${victim.node} now`);
        await undo();
        return { expect: 'new-uid', findings: () => [`${pinned}; ${victim.node} uncordoned at once`] };
      }
      return {
        expect: 'new-uid',
        afterRecovery: undo,
      };
    },
  };
}

/**
 * Node cordon: mark the victim's node unschedulable (revert: uncordon, registered first), delete the
 * victim so that it must be scheduled elsewhere; uncordon once it has recovered.
 */
export function nodeCordon(): Fault {
  return cordonedFault('node-cordon', deleteVictim);
}
