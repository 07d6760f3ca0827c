import { podsByName } from '../engine/waits.ts';
import type { ExecResult } from '../kube/exec.ts';
import { Duration } from '../util/duration.ts';
import { markFault } from './marks.ts';
import { killFromNode, nodeAgentAllowed } from './node-kill.ts';
import { SIGNALS, signalEffect } from './signals.ts';
import { type Fault, type FaultEnv, FaultError, FaultSkipped, type Victim } from './types.ts';

/** Whether the victim's container runs `sh` through exec. */
export async function hasShell(env: FaultEnv, victim: Victim): Promise<boolean> {
  try {
    const r = await env.exec.run(
      env.target.namespace,
      victim.pod,
      env.target.container,
      ['sh', '-c', 'true'],
      Duration.seconds(15),
    );
    return r.exitCode === 0;
  } catch {
    return false;
  }
}

/**
 * Prints PID 1's /proc status, a line `---`, where it sleeps (wchan), a line `---`, its command line
 * (last: a termination message keeps only its first 4 KiB, and a command line can be long).
 */
const PID1 =
  "cat /proc/1/status; echo ---; cat /proc/1/wchan 2>/dev/null; echo; echo ---; tr '\\0' ' ' < /proc/1/cmdline";

/**
 * Inits that take their signals synchronously (sigtimedwait) and pass them on: while one waits, the
 * signals it waits for are unblocked in /proc's SigBlk, yet the kernel delivers them (it never drops a
 * signal that the process blocks or waits for). Seen by where PID 1 sleeps, else by its name.
 */
const WAITING_INITS = /^(\S*\/)?(tini|docker-init|catatonit|dumb-init)(\s|$)/;

/**
 * Why a kill from inside the container would do nothing, or undefined. PID 1 is the PID namespace's
 * init: the kernel drops a signal sent to it from inside the namespace unless it has a handler for it
 * (SIGKILL included), and in a pod that shares its process namespace PID 1 is the pause process.
 */
export function pid1Refusal(
  out: string,
  pod: string,
  processName: string | undefined,
  sharedPids = true,
): string | undefined {
  const [status = '', wchan = '', cmdline = ''] = out.split('\n---\n');
  const cmd = cmdline.trim() || '?';
  const ways =
    'ways out: --process-name <a process that is not PID 1>, a container whose PID 1 handles SIGTERM (an init such as tini or dumb-init, or a shell that does not exec the server), or a kill from the node (the node agent: --node-loss agent)';
  if (sharedPids && /^(\S*\/)?pause(\s|$)/.test(cmd))
    return `PID 1 of ${pod} is the pod's pause process (the pod shares its process namespace): name the process to kill with --process-name`;
  if (processName) return undefined;
  if (/sigtimedwait/.test(wchan) || WAITING_INITS.test(cmd)) return undefined;
  const effect = signalEffect(status, SIGNALS.SIGTERM);
  if (effect === undefined || effect === 'handled') return undefined;
  return `PID 1 of ${pod} (${cmd}) ${effect === 'ignored' ? 'ignores SIGTERM' : 'has no SIGTERM handler'}, and the kernel drops a signal sent from inside the container to its PID namespace's init unless it handles it (SIGKILL too): the kill would do nothing; ${ways}`;
}

/**
 * Why the kill command shows it did nothing, or undefined. An exec that ended without a status, or whose
 * shell was itself killed by a signal (exit 128+n: it went down with the container it ran in), shows
 * the kill took effect; an exit of 1..127 is the kill command's own failure (no such process, EPERM).
 */
export function killFailed(r: ExecResult | undefined, script: string): string | undefined {
  if (!r || r.exitCode === 0 || r.exitCode >= 128) return undefined;
  const err = r.stderr.trim().split('\n')[0];
  return `\`${script}\` exited ${r.exitCode}${err ? `: ${err}` : ''}`;
}

/** Whether the target's pods share one process namespace (PID 1 is then the sandbox's pause process). */
function sharedPids(env: FaultEnv): boolean {
  return !!env.target.statefulSet.spec?.template?.spec?.shareProcessNamespace;
}

function killScript(env: FaultEnv): string {
  const name = env.config.processName;
  return name
    ? `pkill -KILL -x ${JSON.stringify(name)} || killall -KILL ${JSON.stringify(name)}`
    : 'kill -TERM 1';
}

/**
 * Process kill: signal the main process: SIGTERM to PID 1 (a signal PID 1 has no handler for is ignored
 * inside its namespace, so TERM is what `kill 1` means), or SIGKILL to a named process. Through exec when
 * the container has a shell; otherwise through an ephemeral container (the debug image) that shares the
 * target container's process namespace. The kubelet restarts the container in the same pod.
 */
export function processKill(): Fault {
  let viaEphemeral = false;
  /** PID 1 drops signals from inside: the node agent kills it from the host's PID namespace. */
  let viaNode = false;
  return {
    name: 'process-kill',
    blastRadius: 'pod',
    async applicable(env, victim) {
      viaNode = false;
      viaEphemeral = !(await hasShell(env, victim));
      if (viaEphemeral && !env.config.debugImage)
        return `no shell in ${victim.pod}/${env.target.container} and no --debug-image for an ephemeral container`;
      if (viaEphemeral) return undefined;
      const r = await env.exec
        .run(env.target.namespace, victim.pod, env.target.container, ['sh', '-c', PID1], Duration.seconds(15))
        .catch(() => undefined);
      const refusal =
        r && r.exitCode === 0
          ? pid1Refusal(r.stdout, victim.pod, env.config.processName, sharedPids(env))
          : undefined;
      // In a shared process namespace the main process is no namespace's PID 1: --process-name it is.
      if (refusal && nodeAgentAllowed(env) && !sharedPids(env)) {
        env.log.info(
          { pod: victim.pod },
          `${refusal.split(': the kill')[0]}: it is killed from the node instead`,
        );
        viaNode = true;
        return undefined;
      }
      return refusal;
    },
    async inject(env, victim) {
      const script = killScript(env);
      const how = viaNode
        ? 'node agent (SIGKILL from the host)'
        : viaEphemeral
          ? `ephemeral container (${env.config.debugImage})`
          : 'exec';
      markFault(env, 'fault-start', 'process-kill', victim, {
        process: env.config.processName ?? 'PID 1',
        via: how,
      });
      let ephemeral: string | undefined;
      if (viaNode) {
        env.log.info({ pod: victim.pod }, `process kill: ${await killFromNode(env, victim)}`);
      } else if (viaEphemeral) {
        const name = `sts-chaos-kill-${Date.now().toString(36)}`;
        ephemeral = name;
        await env.http.request(
          'patch',
          `/api/v1/namespaces/${env.target.namespace}/pods/${victim.pod}/ephemeralcontainers`,
          {
            contentType: 'application/strategic-merge-patch+json',
            body: {
              spec: {
                ephemeralContainers: [
                  {
                    name,
                    image: env.config.debugImage,
                    imagePullPolicy: 'IfNotPresent',
                    // PID 1's /proc status goes to the termination message first: the kernel drops a
                    // signal to an init without a handler, and the status says whether it has one.
                    command: ['sh', '-c', `{ ${PID1}; } > /dev/termination-log 2>/dev/null; ${script}`],
                    terminationMessagePolicy: 'File',
                    targetContainerName: env.target.container,
                    securityContext: {
                      allowPrivilegeEscalation: false,
                      capabilities: { drop: ['ALL'], add: ['KILL'] },
                    },
                  },
                ],
              },
            },
          },
        );
        env.log.info(
          { pod: victim.pod, container: name },
          `process kill through ephemeral container ${name} (it stays in the pod spec until the pod is recreated)`,
        );
      } else {
        const r = await env.exec
          .run(
            env.target.namespace,
            victim.pod,
            env.target.container,
            ['sh', '-c', script],
            Duration.seconds(15),
          )
          // The exec session dies with the container when PID 1 goes: that is the expected outcome.
          .catch(() => undefined);
        const failed = killFailed(r, script);
        if (failed)
          throw new FaultError(
            `process kill in ${victim.pod}/${env.target.container} did nothing: ${failed}`,
          );
      }
      // The kill had its effect only once the container is seen to stop (or restart): a process that
      // handles SIGTERM and stays up did nothing. Its own grace plus 15 s, then the step is an error.
      const grace = env.target.statefulSet.spec?.template?.spec?.terminationGracePeriodSeconds ?? 30;
      const state = () => {
        const p = podsByName(env.recorder).get(victim.pod);
        const c = p?.status?.containerStatuses?.find((x) => x.name === env.target.container);
        const e = p?.status?.ephemeralContainerStatuses?.find((x) => x.name === ephemeral)?.state?.terminated;
        return {
          uid: p?.metadata.uid,
          restarts: c?.restartCount ?? 0,
          running: !!c?.state?.running,
          // Through an ephemeral container: once it ended, what PID 1's status said.
          ...(e
            ? { refusal: pid1Refusal(e.message ?? '', victim.pod, env.config.processName, sharedPids(env)) }
            : {}),
        };
      };
      const stopped = () => {
        const now = state();
        return now.uid !== victim.uid || now.restarts > victim.restartCount || !now.running;
      };
      await env.recorder.waitFor(
        `${victim.pod}/${env.target.container} to stop after the kill`,
        Duration.seconds(grace + 15),
        () => stopped() || !!state().refusal,
        () => JSON.stringify(state()),
        env.signal,
      );
      let refusal = stopped() ? undefined : state().refusal;
      if (refusal && nodeAgentAllowed(env) && !sharedPids(env)) {
        // Found out by the ephemeral container: the signal was dropped; the node agent kills it instead.
        env.log.info(
          { pod: victim.pod },
          `${refusal.split(': the kill')[0]}: it is killed from the node instead`,
        );
        env.log.info({ pod: victim.pod }, `process kill: ${await killFromNode(env, victim)}`);
        await env.recorder.waitFor(
          `${victim.pod}/${env.target.container} to stop after the kill from the node`,
          Duration.seconds(30),
          stopped,
          () => JSON.stringify(state()),
          env.signal,
        );
        refusal = undefined;
      }
      if (refusal) {
        markFault(env, 'fault-end', 'process-kill', victim);
        throw new FaultSkipped(refusal);
      }
      markFault(env, 'fault-end', 'process-kill', victim);
      return { expect: 'restart' };
    },
  };
}
