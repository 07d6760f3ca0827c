import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { isReady, type KubeEvent, type Node, type Pod } from '../kube/objects.ts';
import { Duration } from '../util/duration.ts';
import { sleep } from '../util/sleep.ts';
import { deleteVictim, markFault } from './marks.ts';
import { multiAttachBlocked } from './multi-attach-blocked.ts';
import { observeNodeContainers } from './node-containers.ts';
import { nodeFaultApplicable } from './node-cordon.ts';
import { fenceOutOfService, fenceRefusal } from './node-fence.ts';
import { agentMeans } from './node-loss-agent.ts';
import type { LossMeans } from './node-loss-means.ts';
import type { RevertAction } from './revert-types.ts';
import { type Fault, type FaultEnv, FaultError, type Victim } from './types.ts';

const run = promisify(execFile);

/** The revert of a node loss: the up command (the lab's `node-up`, or the user's), within 3 minutes. */
export const nodeUp: RevertAction<'node-up'> = async (_deps, p) => {
  await run('sh', ['-c', p.command], { timeout: Duration.minutes(3).toMilliseconds() });
};

function commands(env: FaultEnv, node: string): { down: string; up: string } | undefined {
  const nl = env.config.nodeLoss;
  if (nl.mode === 'lab') {
    const script = nl.labScript ?? 'lab/lab.sh';
    const off = nl.kind === 'power-off' ? ' --power-off' : '';
    return { down: `bash ${script} node-down ${node}${off}`, up: `bash ${script} node-up ${node}` };
  }
  if (nl.mode === 'command' && nl.downCommand && nl.upCommand) {
    return { down: nl.downCommand.replaceAll('{node}', node), up: nl.upCommand.replaceAll('{node}', node) };
  }
  return undefined;
}

function nodeReady(env: FaultEnv, node: string): boolean | undefined {
  const n = env.recorder.objects<Node>('Node').find((x) => x.metadata?.name === node);
  return n ? isReady(n) : undefined;
}

/**
 * Waits for what the fault expects to see next. Not seeing it in time is only logged (the fault goes on to
 * the node's return); a SIGTERM abort is thrown, straight to the node's return.
 */
async function expectWithin(
  env: FaultEnv,
  victim: Victim,
  what: string,
  within: Duration,
  seen: () => boolean,
  describe: () => string,
): Promise<void> {
  await env.recorder.waitFor(what, within, seen, describe, env.signal).catch((e: Error) => {
    if (env.signal.aborted) throw e;
    env.log.info({ pod: victim.pod }, e.message);
  });
}

/** SB-3's grace after the node's return (checks/types.ts nodeReturnGrace), plus a second. */
const RETURN_GRACE = Duration.seconds(121);

async function untilOldGone(env: FaultEnv, victim: Victim): Promise<void> {
  const until = Date.now() + RETURN_GRACE.toMilliseconds();
  for (;;) {
    const uids = await observeNodeContainers(env, victim.node, 'back');
    if (uids?.includes(victim.uid) && Date.now() > until)
      env.log.warn(
        { pod: victim.pod, node: victim.node },
        `${victim.node} still runs containers of ${victim.pod} (uid ${victim.uid}) ${RETURN_GRACE} after it came back (SB-3 judges it)`,
      );
    if (!uids?.includes(victim.uid) || Date.now() > until || env.signal.aborted) return;
    await sleep(Duration.seconds(1), env.signal).catch(() => undefined);
  }
}

/** The lab's or the user's down and up commands as a means of node loss. */
async function commandMeans(env: FaultEnv, victim: Victim): Promise<LossMeans> {
  const cmd = commands(env, victim.node);
  if (!cmd) throw new Error('node loss has no commands');
  const undo = await env.reverts.register(
    { kind: 'node-up', node: victim.node, command: cmd.up },
    `bring node ${victim.node} back (${cmd.up})`,
  );
  return {
    undo,
    async down() {
      await run('sh', ['-c', cmd.down], { timeout: Duration.minutes(2).toMilliseconds() });
    },
    async back(replaced, markBack) {
      // What still runs on the node, from its own runtime, just before it comes back (SB-2).
      await observeNodeContainers(env, victim.node, 'lost');
      await undo.revert();
      markBack();
      // Replaced: its kubelet, back, must stop the old containers. Asked of the node until they are gone,
      // and once past SB-3's grace at most (an observation there still listing them fails SB-3).
      if (replaced) await untilOldGone(env, victim);
    },
  };
}

/**
 * Node loss: make the victim's node stop answering (its kubelet stopped or frozen, its containers left
 * running), watch the control plane NOT replace its pod, then bring the node back (the revert, registered
 * first) so that the kubelet confirms the old containers gone and the controller recreates the pod.
 * `forceDeleteLostPod` is the negative control: it force-deletes the lost pod while its containers run.
 */
export function nodeLoss(): Fault {
  return {
    name: 'node-loss',
    blastRadius: 'node',
    async applicable(env, victim) {
      const mode = env.config.nodeLoss.mode;
      if (mode === 'none') return 'node loss is not enabled (--node-loss agent|lab|command)';
      if (mode !== 'agent' && !commands(env, victim.node))
        return 'node loss mode "command" needs --node-down-command and --node-up-command';
      return nodeFaultApplicable(env, victim);
    },
    async inject(env, victim) {
      const means =
        env.config.nodeLoss.mode === 'agent'
          ? await agentMeans(env, victim)
          : await commandMeans(env, victim);
      const nl = env.config.nodeLoss;
      const left = nl.mode === 'command' ? nl.containersLeftRunning : nl.kind === 'partition';
      markFault(env, 'fault-start', 'node-loss', victim, {
        node: victim.node,
        containersLeftRunning: left,
        means: env.config.nodeLoss.mode,
        ...(nl.mode === 'command' ? {} : { kind: nl.kind, fence: nl.fence }),
      });
      let unfence: (() => Promise<void>) | undefined;
      const describe = () => `node ${victim.node} Ready=${nodeReady(env, victim.node)}`;
      const downAt = Date.now();
      let evicted = false;
      let normal = false;
      try {
        await means.down();
        const notReady = env.recorder.waitFor(
          `node ${victim.node} to be NotReady`,
          Duration.millis(
            Math.max(Duration.minutes(2).toMilliseconds(), env.config.nodeLoss.hold.toMilliseconds()),
          ),
          () => nodeReady(env, victim.node) === false,
          describe,
          env.signal,
        );
        const ended = means.ended?.then((why) => {
          throw new FaultError(`the node agent ended before ${victim.node} went NotReady: ${why}`);
        });
        await (ended ? Promise.race([notReady, ended]) : notReady);
        ended?.catch(() => undefined);
        // A powered-off node (its containers killed on the node) may be fenced: never a partitioned one.
        if (nl.fence === 'out-of-service' && nl.kind === 'power-off') {
          // The agent's power-off kills the target's containers only; the lab's, the whole node.
          const refused = nl.mode === 'agent' ? await fenceRefusal(env, victim) : undefined;
          if (refused) env.log.warn({ node: victim.node }, `not fenced: ${refused}`);
          else unfence = await fenceOutOfService(env, victim);
        }
        // The lost pod is marked for deletion (NoExecute taint) but must not be replaced while it may run.
        const podGone = () => {
          const p = env.recorder.objects<Pod>('Pod').find((x) => x.metadata?.name === victim.pod);
          return !p || p.metadata.uid !== victim.uid || !!p.metadata.deletionTimestamp;
        };
        // Within the hold: a cluster's default tolerations (300 s) keep the pod bound longer than that.
        const hold = env.config.nodeLoss.hold;
        await expectWithin(
          env,
          victim,
          `${victim.pod} to be marked for deletion`,
          Duration.millis(Math.max(0, downAt + hold.toMilliseconds() - Date.now())),
          podGone,
          describe,
        );
        evicted = podGone();
        if (evicted && unfence) {
          // Fenced: the pod garbage collector force-deletes the pod (it looks every 20 s); then it moves.
          const deleted = () =>
            !env.recorder
              .objects<Pod>('Pod')
              .some((p) => p.metadata?.name === victim.pod && p.metadata.uid === victim.uid);
          await expectWithin(
            env,
            victim,
            `${victim.pod} to be force-deleted by the fence`,
            Duration.seconds(60),
            deleted,
            describe,
          );
        }
        if (!evicted) {
          const notReadyAt = env.recorder.store.lastAt;
          env.log.info(
            { pod: victim.pod, node: victim.node },
            `${victim.pod} was not evicted within the hold (${hold}): its tolerations keep it bound to ${victim.node}; the node comes back and the same incarnation must continue`,
          );
          env.recorder.store.mark({
            mark: 'note',
            fault: 'node-loss',
            ordinal: victim.ordinal,
            node: victim.node,
            details: { observation: 'not-evicted', holdMs: hold.toMilliseconds(), seenUntil: notReadyAt },
          });
        }
        if (env.config.nodeLoss.forceDeleteLostPod) {
          env.log.warn(
            { pod: victim.pod },
            'negative control: force-deleting the lost pod while its containers run',
          );
          await deleteVictim(env, victim, true);
          const replaced = () =>
            env.recorder
              .objects<Pod>('Pod')
              .some(
                (p) =>
                  p.metadata?.name === victim.pod &&
                  p.metadata.uid !== victim.uid &&
                  p.status?.phase === 'Running',
              );
          // A volume that attaches to one node at a time keeps the replacement from starting (Multi-Attach):
          // no second copy can run, which VOL-6 names; nothing more to wait for.
          const blocked = () => multiAttachBlocked(env.recorder.objects<KubeEvent>('Event'), victim);
          await expectWithin(
            env,
            victim,
            `a replacement of ${victim.pod} to run (or be refused its volume: Multi-Attach)`,
            Duration.seconds(90),
            () => replaced() || blocked() !== undefined,
            describe,
          );
          const refused = blocked();
          if (!replaced() && refused)
            env.log.info(
              { pod: victim.pod },
              `the replacement cannot start while the lost node holds its volume: ${refused}`,
            );
          // The node stays lost a while with both copies running (or the second refused its volume): the
          // window the checks must see.
          await sleep(nl.holdAfterEviction, env.signal);
        } else if (evicted && !unfence) {
          // Observe: nothing may replace the pod while the node is away (SIGTERM: the node comes back now).
          // Fenced, the pod was released on purpose and has moved: nothing is left to observe.
          await sleep(nl.holdAfterEviction, env.signal);
        }
        normal = true;
      } finally {
        let marked = false;
        const markBack = () => {
          if (!marked) markFault(env, 'fault-end', 'node-loss', victim);
          marked = true;
        };
        try {
          if (normal && !env.signal.aborted)
            await means.back(evicted || env.config.nodeLoss.forceDeleteLostPod, markBack);
          else await means.undo.revert();
        } finally {
          markBack();
          // The fence goes once the node is back (its kubelet has seen its pods deleted).
          await unfence?.();
          await means.close?.();
        }
      }
      // Evicted: the kubelet confirms the old containers gone and a new incarnation comes. Not evicted:
      // the same incarnation is Ready again once its node is back (REC-1 measures that return).
      return { expect: evicted || env.config.nodeLoss.forceDeleteLostPod ? 'new-uid' : 'ready' };
    },
  };
}
