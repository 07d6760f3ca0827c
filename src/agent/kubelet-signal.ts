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

/**
 * SIGSTOP to the kubelet, after checking it is still the same process; then waits (2 s at most) to see it
 * stopped: a stop is delivered asynchronously, and a hold must not start on a kubelet still running (or
 * the stop could land after the agent has ended). Not stopped in time: SIGCONT (it cancels a pending
 * stop) and an error.
 */
export async function freezeKubelet(fs: ProcFs, k: KubeletProcess, kill: Kill): Promise<void> {
  const now = await kubeletState(fs, k);
  if (now !== 'running') throw new Error(`kubelet ${k.pid} is ${now}: not frozen`);
  kill(k.pid, 'SIGSTOP');
  let state: string = now;
  for (const until = Date.now() + 2000; Date.now() < until; ) {
    state = await kubeletState(fs, k);
    if (state === 'stopped') return;
    if (state !== 'running') break;
    await new Promise((r) => setTimeout(r, 20));
  }
  if (state === 'running') kill(k.pid, 'SIGCONT');
  throw new Error(
    `kubelet ${k.pid} was not seen stopped within 2 s of SIGSTOP (${state}): resumed, not frozen`,
  );
}

/**
 * SIGCONT to the kubelet, only when it is the same process (PID and start time): a PID reused by another
 * process, or a kubelet something else restarted, is never signalled. Sent even when it looks running
 * (a stop still pending is cancelled by it; to a running process it does nothing): 'not-stopped' says so.
 */
export async function resumeKubelet(fs: ProcFs, k: KubeletProcess, kill: Kill): Promise<ResumeOutcome> {
  const now = await kubeletState(fs, k);
  if (now === 'gone') return 'gone';
  if (now === 'replaced') return 'replaced';
  kill(k.pid, 'SIGCONT');
  return now === 'running' ? 'not-stopped' : 'resumed';
}
