import type { KubeletProcess, ProcFs } from './kubelet-finder.ts';
import { startTimeOf } from './kubelet-finder.ts';

/** Sends a signal to a PID (process.kill by default; tests pass a fake). */
export type Kill = (pid: number, signal: 'SIGSTOP' | 'SIGCONT') => void;

/** What a resume found and did. */
export type ResumeOutcome = 'resumed' | 'not-stopped' | 'gone' | 'replaced';

/** The process state letter (field 3 of /proc/<pid>/stat: `T` stopped), or undefined when it is gone. */
async function stat(fs: ProcFs, pid: number): Promise<{ state: string; startTime?: string } | undefined> {
  const text = await fs.readFile(`/proc/${pid}/stat`).catch(() => undefined);
  if (!text) return undefined;
  const state = text.slice(text.lastIndexOf(')') + 2).split(' ')[0] ?? '';
  const startTime = startTimeOf(text);
  return startTime ? { state, startTime } : { state };
}

/** How the kubelet is now: the same process (PID and start time) stopped, running, replaced or gone. */
export async function kubeletState(
  fs: ProcFs,
  k: KubeletProcess,
): Promise<'stopped' | 'running' | 'replaced' | 'gone'> {
  const s = await stat(fs, k.pid);
  if (!s) return 'gone';
  if (s.startTime !== k.startTime) return 'replaced';
  return s.state === 'T' ? 'stopped' : 'running';
}

/** SIGSTOP to the kubelet, after checking it is still the same process. */
export async function freezeKubelet(fs: ProcFs, k: KubeletProcess, kill: Kill): Promise<void> {
  const now = await kubeletState(fs, k);
  if (now !== 'running') throw new Error(`kubelet ${k.pid} is ${now}: not frozen`);
  kill(k.pid, 'SIGSTOP');
}

/**
 * SIGCONT to the kubelet, only when it is the same process (PID and start time) and stopped: a PID
 * reused by another process, or a kubelet something else restarted, is never signalled.
 */
export async function resumeKubelet(fs: ProcFs, k: KubeletProcess, kill: Kill): Promise<ResumeOutcome> {
  const now = await kubeletState(fs, k);
  if (now === 'gone') return 'gone';
  if (now === 'replaced') return 'replaced';
  if (now === 'running') return 'not-stopped';
  kill(k.pid, 'SIGCONT');
  return 'resumed';
}
