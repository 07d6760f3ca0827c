import { hostProc } from './proc-fs.ts';
import { type WatchedPod, witness } from './witness.ts';

type Line = (o: Record<string, unknown>) => void;

/** A power loss, for the target's pods: every process of their containers on this node, SIGKILLed. */
export async function powerOff(watched: readonly WatchedPod[], line: Line): Promise<void> {
  const seen = await witness(hostProc, watched);
  const pids = seen.flatMap((p) => p.pids);
  for (const pid of pids)
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  // The fence that may follow releases these pods: it is only true once nothing of them runs here.
  let left = pids;
  for (const until = Date.now() + 2000; left.length && Date.now() < until; ) {
    await new Promise((r) => setTimeout(r, 100));
    left = (await witness(hostProc, watched)).flatMap((p) => p.pids);
  }
  if (left.length) throw new Error(`power-off: processes ${left.join(', ')} still run 2 s after SIGKILL`);
  line({ event: 'powered-off', pids, pods: seen.map((p) => p.uid) });
}
