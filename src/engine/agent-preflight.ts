import type { Logger } from 'pino';
import { agentPod, podSecurityRefusal } from '../agent/pod.ts';
import type { RunConfig } from '../config/types.ts';
import { findKubeletOnNode } from '../faults/agent-find.ts';
import { agentDeadline } from '../faults/node-loss-agent.ts';
import { ApiError, type KubeHttp } from '../kube/http.ts';
import type { Node } from '../kube/objects.ts';

/**
 * What the node agent will be and whether its namespace admits it: a server-side dry run of its pod
 * (admission runs, nothing is created). A Pod Security level that forbids a privileged hostPID pod, or
 * RBAC that does not allow creating it, is a refusal (exit 3) before anything is touched.
 */
export async function agentPreflight(
  { http, log }: { readonly http: KubeHttp; readonly log: Logger },
  cfg: RunConfig,
  targetNamespace: string,
  /** The node a node loss would take now, else one of the target's nodes (the dry run's pin). */
  victimNode: Node | undefined,
  /** Whether `victimNode` is the victim's: only then does an agent look at its kubelet. */
  isVictim: boolean,
): Promise<{ lines: string[]; refusal?: string }> {
  const node = victimNode?.metadata?.name ?? 'unknown-node';
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
    `node agent resume layers: its deadline (${deadline} after it starts, whatever happens); SIGTERM to the agent; ${nl.agentServiceAccount ? `the run's request and the dead-man's switch (the run's Lease read with service account ${nl.agentServiceAccount}: two renewal periods missed)` : "no dead-man's switch (no nodeLoss.agentServiceAccount: the run cannot end the freeze early, it lasts until the deadline)"}; the ledger's revert (cleanup, the next run, the chart's hook); where the host's PID 1 is systemd, a transient systemd timer a minute past the deadline (it fires even if the agent dies)`,
  ];
  try {
    await http.request('create', `/api/v1/namespaces/${ns}/pods`, { body, query: { dryRun: 'All' } });
    lines.push(`node agent: namespace ${ns} admits it (server-side dry run)`);
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
  if (!victimNode || !isVictim) return { lines };
  // A look at the node, before any fault: the kubelet a hold would freeze, or why it cannot be told.
  const found = await findKubeletOnNode(
    { http, log, config: cfg, target: { namespace: targetNamespace } },
    victimNode,
    'preflight',
  );
  if (typeof found === 'string')
    return { lines, refusal: `the node agent cannot tell the kubelet of node ${node} for sure: ${found}` };
  lines.push(
    `node agent on ${node} (a look, nothing touched): the kubelet is PID ${found.pid} (start time ${found.startTime} ticks after boot: ${found.cmdline.slice(0, 120)}); systemd backstop: ${found.init === 'systemd' ? "a transient timer in the host's systemd, a minute past the deadline" : `none (the host's PID 1 is ${found.init}, not systemd)`}`,
  );
  return { lines };
}
