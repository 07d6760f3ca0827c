import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ProcFs } from './kubelet-finder.ts';
import { mainProcessOf, type WatchedPod } from './witness.ts';

/** Runs a command; the real one is execFile (tests pass a fake). */
export type Run = (file: string, args: readonly string[], timeoutMs: number) => Promise<{ stdout: string }>;

const execFileP = promisify(execFile);
export const realRun: Run = (file, args, timeout) =>
  execFileP(file, [...args], { timeout, maxBuffer: 64 * 1024 });

/** A role answer of one pod, as the node itself got it. */
export interface RoleAnswer {
  readonly uid: string;
  readonly ok: boolean;
  /** The last line of the output, or why there is none. */
  readonly value: string;
}

/**
 * Runs the role query inside a witnessed pod's target container (its first container ID), entering the
 * namespaces of that container's main process from the host (`nsenter`): what a lost node's own copy of
 * the workload says it is, when the API cannot reach it (SB-4).
 */
export async function queryRole(
  fs: ProcFs,
  pod: WatchedPod,
  argv: readonly string[],
  run: Run = realRun,
): Promise<RoleAnswer> {
  const id = pod.containerIds[0];
  const pid = id ? await mainProcessOf(fs, pod, id) : undefined;
  if (pid === undefined)
    return { uid: pod.uid, ok: false, value: 'no process of the container runs on this node' };
  try {
    const r = await run('nsenter', ['-t', String(pid), '-m', '-u', '-i', '-n', '-p', '--', ...argv], 5000);
    return { uid: pod.uid, ok: true, value: r.stdout.trim().split('\n').at(-1)?.trim() ?? '' };
  } catch (e) {
    return { uid: pod.uid, ok: false, value: (e as Error).message.split('\n')[0]?.slice(0, 200) ?? '' };
  }
}
