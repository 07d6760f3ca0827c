import { AGENT_LABEL } from '../agent/pod.ts';
import { ApiError, type KubeHttp } from '../kube/http.ts';
import type { List, Node, Pod } from '../kube/objects.ts';
import type { RevertAction } from './revert-types.ts';
import type { FaultEnv, Victim } from './types.ts';

/** The taint that fences a node known to be shut down: its pods are force-deleted, volumes detached. */
export const OUT_OF_SERVICE = {
  key: 'node.kubernetes.io/out-of-service',
  value: 'nodeshutdown',
  effect: 'NoExecute',
};

interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: string;
}

/**
 * Changes a node's taints with `change`, guarded by its resourceVersion (the node controller adds and
 * removes taints meanwhile): a conflict reads it again, three times at most. The node is read by a list
 * by name (the run's RBAC on nodes is list, watch and patch).
 */
async function changeTaints(http: KubeHttp, node: string, change: (t: Taint[]) => Taint[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const list = await http.request<List<Node>>('list', '/api/v1/nodes', {
      query: { fieldSelector: `metadata.name=${node}` },
    });
    const n = list.items[0] as (Node & { spec?: { taints?: Taint[] } }) | undefined;
    if (!n) return;
    const before = n.spec?.taints ?? [];
    const after = change(before);
    if (after.length === before.length && after.every((t, i) => t.key === before[i]?.key)) return;
    try {
      await http.request('patch', `/api/v1/nodes/${node}`, {
        body: { metadata: { resourceVersion: n.metadata.resourceVersion }, spec: { taints: after } },
        contentType: 'application/merge-patch+json',
      });
      return;
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 409) || attempt >= 3) throw e;
    }
  }
}

/** The revert of a fence: the out-of-service taint removed from the node. */
export const untaint: RevertAction<'untaint'> = async ({ http }, p) => {
  await changeTaints(http, p.node, (ts) => ts.filter((t) => t.key !== p.key));
};

/**
 * Fences the victim's node with the out-of-service taint (its revert registered first): done only once
 * the node is NotReady and its containers were killed (a power-off), never in a partition.
 */
export async function fenceOutOfService(env: FaultEnv, victim: Victim): Promise<() => Promise<void>> {
  const undo = await env.reverts.register(
    { kind: 'untaint', node: victim.node, key: OUT_OF_SERVICE.key },
    `remove the ${OUT_OF_SERVICE.key} taint from node ${victim.node}`,
  );
  await changeTaints(env.http, victim.node, (ts) => [
    ...ts.filter((t) => t.key !== OUT_OF_SERVICE.key),
    OUT_OF_SERVICE,
  ]);
  env.log.info(
    { node: victim.node },
    `fenced node ${victim.node} with ${OUT_OF_SERVICE.key}=${OUT_OF_SERVICE.value}:${OUT_OF_SERVICE.effect} (its containers were killed): its pods are force-deleted, their volumes detached`,
  );
  return () => undo.revert();
}

/**
 * Why the node must not be fenced, or undefined: the out-of-service taint releases every pod on the node,
 * and a power-off killed only the target's. Any other pod still there that is not a DaemonSet's or a
 * static one (their replacements come back to this same node), not finished, not an agent: fencing would
 * let its replacement run elsewhere while it may still run here.
 */
export async function fenceRefusal(env: FaultEnv, victim: Victim): Promise<string | undefined> {
  let pods: List<Pod>;
  try {
    pods = await env.http.request<List<Pod>>('list', '/api/v1/pods', {
      query: { fieldSelector: `spec.nodeName=${victim.node}` },
    });
  } catch (e) {
    return `the pods of node ${victim.node} cannot be listed (${(e as Error).message.split('\n')[0]})`;
  }
  const target = new RegExp(`^${env.target.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d+$`);
  const others = pods.items.filter((p) => {
    const m = p.metadata;
    if (m.namespace === env.target.namespace && target.test(m.name ?? '')) return false;
    if (m.labels?.[AGENT_LABEL] !== undefined) return false;
    if (m.annotations?.['kubernetes.io/config.mirror']) return false;
    if (m.ownerReferences?.some((o) => o.kind === 'DaemonSet')) return false;
    return p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';
  });
  if (others.length === 0) return undefined;
  const names = others.slice(0, 5).map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
  return `node ${victim.node} also runs ${names.join(', ')}${others.length > 5 ? ` and ${others.length - 5} more` : ''}, which the power-off did not stop: the out-of-service taint would release them while they may still run`;
}
