import { agentFindPod } from '../agent/pod.ts';
import type { Node } from '../kube/objects.ts';
import { Duration } from '../util/duration.ts';
import { parseAgentLog } from './agent-report.ts';
import { type AgentEnv, AgentPod, kubeletEndpointOf } from './node-agent.ts';

/** What a hold on a node would freeze, as the agent found it there (nothing touched). */
export interface KubeletFound {
  readonly node: string;
  readonly pid: number;
  /** Clock ticks after the node's boot: with the PID, it names this process only. */
  readonly startTime: string;
  readonly cmdline: string;
  /** The host's PID 1: `systemd` arms the last resume layer (a transient timer). */
  readonly init: string;
}

/**
 * Starts a short agent pod on the node that finds its kubelet by its port (as a hold would) and ends:
 * the plan shows the PID before any fault, and a kubelet that cannot be told for sure is a refusal then,
 * not a step error later. Returns what it found, or why not (one line).
 */
export async function findKubeletOnNode(
  env: AgentEnv,
  node: Node,
  runId: string,
): Promise<KubeletFound | string> {
  const name = node.metadata?.name ?? '?';
  const { addresses, port } = kubeletEndpointOf(node);
  const agent = new AgentPod(env, name, Duration.minutes(1));
  try {
    await agent.create(
      agentFindPod({
        name: agent.name,
        namespace: agent.namespace,
        node: name,
        image: env.config.nodeLoss.agentImage ?? '',
        runId,
        addresses,
        port,
      }),
    );
    await agent.waitEnded(Duration.seconds(90));
    const found = parseAgentLog(await agent.log()).find((l) => l.event === 'found');
    if (agent.seen.exitCode !== 0 || !found) return agent.describe();
    return {
      node: name,
      pid: Number(found.pid),
      startTime: String(found.startTime),
      cmdline: String(found.cmdline),
      init: String(found.init),
    };
  } catch (e) {
    return (e as Error).message;
  } finally {
    await agent.remove().catch(() => undefined);
  }
}
