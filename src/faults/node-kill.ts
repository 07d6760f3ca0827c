import { agentKillPod } from '../agent/pod.ts';
import { podsByName } from '../engine/waits.ts';
import { Duration } from '../util/duration.ts';
import { parseAgentLog } from './agent-report.ts';
import { AgentPod } from './node-agent.ts';
import { type FaultEnv, FaultError, type Victim } from './types.ts';

/** Whether the node agent may run (node loss by the agent is configured: its image, its namespace). */
export function nodeAgentAllowed(env: FaultEnv): boolean {
  return env.config.nodeLoss.mode === 'agent' && !!env.config.nodeLoss.agentImage;
}

/**
 * Process kill from the node: a short-lived agent pod on the victim's node sends SIGKILL to the target
 * container's main process from the host's PID namespace (as the kernel's OOM killer would), where no
 * PID-namespace rule drops it. Returns what the agent did ("PID n killed"); a failure is a FaultError.
 */
export async function killFromNode(env: FaultEnv, victim: Victim): Promise<string> {
  const pod = podsByName(env.recorder).get(victim.pod);
  const id = pod?.status?.containerStatuses?.find((c) => c.name === env.target.container)?.containerID;
  if (!id)
    throw new FaultError(`${victim.pod}/${env.target.container} has no container ID to kill from the node`);
  const agent = new AgentPod(env, victim.node, Duration.minutes(1));
  try {
    await agent.create(
      agentKillPod({
        name: agent.name,
        namespace: agent.namespace,
        node: victim.node,
        image: env.config.nodeLoss.agentImage ?? '',
        runId: env.lease?.holder ?? 'sts-chaos',
        podUid: victim.uid,
        containerId: id.replace(/^[a-z-]+:\/\//, ''),
      }),
    );
    await agent.waitEnded(Duration.seconds(90)).catch((e: Error) => {
      throw new FaultError(`process kill from node ${victim.node}: ${e.message}`);
    });
    const killed = parseAgentLog(await agent.log()).find((l) => l.event === 'killed');
    if (agent.seen.exitCode !== 0 || !killed)
      throw new FaultError(`process kill from node ${victim.node} did nothing: ${agent.describe()}`);
    return `PID ${String(killed.pid)} (host PID namespace) killed with SIGKILL by node agent ${agent.namespace}/${agent.name}`;
  } finally {
    await agent.remove();
  }
}
