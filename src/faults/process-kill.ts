import { Duration } from '../util/duration.ts';
import type { Fault } from './types.ts';

/**
 * Process kill: signal the main process through exec: SIGTERM to PID 1 (a signal PID 1 has no handler
 * for is ignored inside its namespace, so TERM is what `kill 1` means), or SIGKILL to a named process.
 * The kubelet restarts the container in the same pod.
 */
export function processKill(): Fault {
  return {
    name: 'process-kill',
    async applicable(env, victim) {
      try {
        const r = await env.exec.run(
          env.target.namespace,
          victim.pod,
          env.target.container,
          ['sh', '-c', 'true'],
          Duration.seconds(15),
        );
        return r.exitCode === 0 ? undefined : `exec into ${victim.pod} failed (exit ${r.exitCode})`;
      } catch (e) {
        return `no shell to exec in ${victim.pod}/${env.target.container}: ${(e as Error).message}`;
      }
    },
    async inject(env, victim) {
      const name = env.config.processName;
      const script = name
        ? `pkill -KILL -x ${JSON.stringify(name)} || killall -KILL ${JSON.stringify(name)}`
        : 'kill -TERM 1';
      env.recorder.store.mark({
        mark: 'fault-start',
        fault: 'process-kill',
        ordinal: victim.ordinal,
        node: victim.node,
        details: { process: name ?? 'PID 1' },
      });
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
      env.recorder.store.mark({
        mark: 'fault-end',
        fault: 'process-kill',
        ordinal: victim.ordinal,
        node: victim.node,
      });
      return { expect: 'restart' };
    },
  };
}
