import { Duration } from '../util/duration.ts';
import { markFault } from './marks.ts';
import type { Fault, FaultEnv, Victim } from './types.ts';

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
  return {
    name: 'process-kill',
    blastRadius: 'pod',
    async applicable(env, victim) {
      viaEphemeral = !(await hasShell(env, victim));
      if (viaEphemeral && !env.config.debugImage)
        return `no shell in ${victim.pod}/${env.target.container} and no --debug-image for an ephemeral container`;
      return undefined;
    },
    async inject(env, victim) {
      const script = killScript(env);
      const how = viaEphemeral ? `ephemeral container (${env.config.debugImage})` : 'exec';
      markFault(env, 'fault-start', 'process-kill', victim, {
        process: env.config.processName ?? 'PID 1',
        via: how,
      });
      if (viaEphemeral) {
        const name = `sts-chaos-kill-${Date.now().toString(36)}`;
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
                    command: ['sh', '-c', script],
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
        try {
          await env.exec.run(
            env.target.namespace,
            victim.pod,
            env.target.container,
            ['sh', '-c', script],
            Duration.seconds(15),
          );
        } catch {
          // The exec session dies with the container when PID 1 goes: that is the expected outcome.
        }
      }
      markFault(env, 'fault-end', 'process-kill', victim);
      return { expect: 'restart' };
    },
  };
}
