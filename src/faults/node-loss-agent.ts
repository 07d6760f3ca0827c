import type { RunConfig } from '../config/types.ts';
import { isReady, type Node } from '../kube/objects.ts';
import { Duration } from '../util/duration.ts';
import { sleep } from '../util/sleep.ts';
import { parseAgentLog, recordAgentReport } from './agent-report.ts';
import { AgentPod, WITNESS_AFTER, witnessedPods } from './node-agent.ts';
import type { LossMeans } from './node-loss-means.ts';
import { type FaultEnv, FaultError, FaultSkipped, type Victim } from './types.ts';

/** The agent's deadline past the hold: time for a forced replacement (the SB-2 control) and its look. */
const PAST_HOLD = Duration.minutes(2);

/**
 * The longest the agent's kubelet freeze may last. With the run's Lease (the run asks it to resume): the
 * wait for NotReady, the hold, and two minutes more, a backstop only. Without: the freeze lasts exactly
 * this, so it is the hold, the 10 s look after an eviction, and the forced replacement's wait (the SB-2
 * control) when that is on.
 */
export function agentDeadline(nl: RunConfig['nodeLoss'], leased: boolean): Duration {
  const hold = nl.hold.toMilliseconds();
  if (leased)
    return Duration.millis(Math.max(Duration.minutes(2).toMilliseconds(), hold) + PAST_HOLD.toMilliseconds());
  return Duration.millis(hold + 15_000 + (nl.forceDeleteLostPod ? 100_000 : 0));
}

/**
 * Node loss by the node agent: a pod on the victim's node freezes its kubelet; the run asks it to resume
 * (or it resumes by its deadline, or its dead-man's switch), then its log, read once the node is back,
 * gives what still ran on the node (SB-2, SB-3) and how the hold ended.
 */
export async function agentMeans(env: FaultEnv, victim: Victim): Promise<LossMeans> {
  const node = env.recorder.objects<Node>('Node').find((n) => n.metadata?.name === victim.node);
  if (!node) throw new FaultError(`node ${victim.node} is not known (not in the Node watch)`);
  const lease = env.lease && env.config.nodeLoss.agentServiceAccount ? env.lease : undefined;
  const deadline = agentDeadline(env.config.nodeLoss, !!lease);
  const agent = new AgentPod(env, victim.node, deadline);
  const undo = await env.reverts.register(
    {
      kind: 'agent-resume',
      node: victim.node,
      namespace: agent.namespace,
      pod: agent.name,
      lease: lease?.lease ?? '',
      deadline: new Date(agent.deadline).toISOString(),
    },
    `resume the kubelet of node ${victim.node} (node agent ${agent.namespace}/${agent.name}) and remove the agent`,
  );
  const names = witnessedPods([], victim.node).names;
  const podNames = new Map<string, string>();
  const nodeReady = () => {
    const n = env.recorder.objects<Node>('Node').find((x) => x.metadata?.name === victim.node);
    return n ? isReady(n) : undefined;
  };
  return {
    undo,
    close: () => agent.stopWatch(),
    async down() {
      if (lease) await lease.clearResume();
      const w = witnessedPods(env.recorder.objects('Pod'), victim.node, env.target.container);
      for (const [k, v] of w.names) names.set(k, v);
      for (const [k, v] of w.pods) podNames.set(k, v);
      await agent.start(env, node, deadline);
    },
    ended: new Promise<string>((resolve) => {
      const off = agent.onChange(() => {
        if (!agent.ended) return;
        off();
        resolve(agent.describe());
      });
    }),
    async back(replaced, markBack) {
      // Asked, the agent resumes within its next look at the Lease (a second); else at its deadline.
      if (lease) await lease.requestResume(victim.node);
      // Without the Lease the agent resumes at its deadline (SIGTERM: on to the revert at once).
      else
        await sleep(Duration.millis(Math.max(0, agent.deadline - Date.now())), env.signal).catch(
          () => undefined,
        );
      markBack();
      const describe = () => `node ${victim.node} Ready=${nodeReady()}; ${agent.describe()}`;
      await env.recorder.waitFor(
        `node ${victim.node} to be Ready again (its kubelet resumed)`,
        Duration.millis(Math.max(0, agent.deadline - Date.now()) + 60_000),
        () => nodeReady() === true,
        describe,
      );
      // Replaced: the agent watches until the kubelet has stopped the old containers, then ends.
      if (replaced && !agent.ended)
        await agent
          .waitEnded(WITNESS_AFTER.plus(Duration.seconds(30)))
          .catch((e: Error) =>
            env.log.warn(
              { node: victim.node, agent: agent.name },
              `the node agent's witness did not end: ${e.message}`,
            ),
          );
      const summary = recordAgentReport(env, victim.node, parseAgentLog(await agent.log()), names, podNames);
      env.log.info(
        { node: victim.node, agent: agent.name },
        `node agent on ${victim.node}: kubelet PID ${summary.pid ?? '?'} frozen ${summary.frozenMs === undefined ? '?' : Duration.millis(summary.frozenMs)}, ended by ${summary.ended ?? '?'}${summary.why ? ` (${summary.why})` : ''}, resume ${summary.resume ?? '?'}; ${summary.witnessed} witness look(s); systemd backstop: ${summary.backstop ?? '?'}`,
      );
      await undo.revert();
      if (summary.ended === 'cut-short' || summary.resume === 'replaced' || summary.resume === 'gone')
        throw new FaultSkipped(
          `fault cut short: the kubelet of ${victim.node} was resumed or restarted by something else (${summary.why ?? `resume found it ${summary.resume}`}) before the run ended the loss`,
        );
      if (summary.ended === 'dead-man')
        throw new FaultSkipped(`fault cut short by the node agent's dead-man's switch: ${summary.why}`);
    },
  };
}
