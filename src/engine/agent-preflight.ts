import { agentPod, podSecurityRefusal } from '../agent/pod.ts';
import type { RunConfig } from '../config/types.ts';
import { agentDeadline } from '../faults/node-loss-agent.ts';
import { ApiError, type KubeHttp } from '../kube/http.ts';

/**
 * What the node agent will be and whether its namespace admits it: a server-side dry run of its pod
 * (admission runs, nothing is created). A Pod Security level that forbids a privileged hostPID pod, or
 * RBAC that does not allow creating it, is a refusal (exit 3) before anything is touched.
 */
export async function agentPreflight(
  http: KubeHttp,
  cfg: RunConfig,
  targetNamespace: string,
  node: string,
): Promise<{ lines: string[]; refusal?: string }> {
  const nl = cfg.nodeLoss;
  const ns = nl.agentNamespace ?? targetNamespace;
  const deadline = agentDeadline(nl, !!nl.agentServiceAccount);
  const body = agentPod({
    name: 'sts-chaos-agent-preflight',
    namespace: ns,
    node,
    image: nl.agentImage ?? '',
    addresses: ['127.0.0.1'],
    port: 10250,
    holdSeconds: Math.ceil(deadline.toSeconds()),
    runId: 'preflight',
  });
  const lines = [
    `node agent: image ${nl.agentImage}, in namespace ${ns}, privileged and hostPID, pinned to the victim's node; it finds that node's kubelet by its port (PID, start time and command line logged before the freeze)`,
    `node agent resume layers: its deadline (${deadline} after it starts, whatever happens); SIGTERM to the agent; ${nl.agentServiceAccount ? `the run's request and the dead-man's switch (the run's Lease read with service account ${nl.agentServiceAccount}: two renewal periods missed)` : "no dead-man's switch (no nodeLoss.agentServiceAccount: the run cannot end the freeze early, it lasts until the deadline)"}; the ledger's revert (cleanup, the next run, the chart's hook)`,
  ];
  try {
    await http.request('create', `/api/v1/namespaces/${ns}/pods`, { body, query: { dryRun: 'All' } });
    lines.push(`node agent: namespace ${ns} admits it (server-side dry run)`);
    return { lines };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const refusal =
      podSecurityRefusal(ns, e.message) ??
      (e.status === 403
        ? `the node agent cannot be created in namespace ${ns}: ${e.message}`
        : e.status === 404
          ? `the node agent's namespace ${ns} does not exist`
          : undefined);
    if (!refusal) throw e;
    return { lines, refusal };
  }
}
