import { setTimeout as sleep } from 'node:timers/promises';
import { Duration } from '../util/duration.ts';
import type { RevertAction } from './revert-types.ts';

interface PodStatusLite {
  readonly metadata: { readonly uid: string };
  readonly status?: {
    readonly containerStatuses?: readonly {
      readonly name: string;
      readonly state?: { readonly running?: object };
    }[];
  };
}

/**
 * The revert of a SIGSTOP probe freeze: SIGCONT every process of the container. Nothing is frozen any
 * more when the pod is gone or replaced, or when its container is not running (the liveness probe is
 * restarting it: the next processes start fresh). The exec is tried three times, a second apart.
 */
export const resumeProcesses: RevertAction<'resume-processes'> = async ({ exec, http, signal }, p) => {
  const frozenMayRemain = async (): Promise<boolean> => {
    try {
      const pod = await http.request<PodStatusLite>('get', `/api/v1/namespaces/${p.namespace}/pods/${p.pod}`);
      if (pod.metadata.uid !== p.uid) return false;
      const c = (pod.status?.containerStatuses ?? []).find((x) => x.name === p.container);
      return !!c?.state?.running;
    } catch {
      return false;
    }
  };
  for (let attempt = 1; ; attempt++) {
    if (!(await frozenMayRemain())) return;
    try {
      const r = await exec.run(
        p.namespace,
        p.pod,
        p.container,
        ['sh', '-c', 'kill -CONT -1 2>/dev/null; kill -CONT 1'],
        Duration.seconds(20),
      );
      if (r.exitCode === 0) return;
      throw new Error(`SIGCONT in ${p.namespace}/${p.pod}: exit ${r.exitCode} ${r.stderr.trim()}`);
    } catch (e) {
      // The container may have stopped between the check and the exec: look again before giving up.
      if (attempt >= 3) throw e;
      // A revert is never skipped: SIGTERM only ends the pause between tries.
      await sleep(1000, undefined, signal ? { signal } : {}).catch(() => undefined);
    }
  }
};

/** The revert of a probe broken by the user's command: the user's heal command, in the same container. */
export const healCommand: RevertAction<'heal-command'> = async ({ exec }, p) => {
  const r = await exec.run(p.namespace, p.pod, p.container, ['sh', '-c', p.command], Duration.seconds(60));
  if (r.exitCode !== 0)
    throw new Error(`heal command in ${p.namespace}/${p.pod}: exit ${r.exitCode} ${r.stderr.trim()}`);
};
