import { Duration } from '../util/duration.ts';
import { sleep } from '../util/sleep.ts';
import type { ProcFs } from './kubelet-finder.ts';
import { queryRole } from './role-query.ts';
import { type PodSeen, type WatchedPod, witness } from './witness.ts';

/** How often the witness looks. */
export const WITNESS_EVERY = Duration.seconds(2);

/**
 * Looks every 2 s at what of the watched pods runs on this node and reports each look (`phase`: while the
 * node is lost, or once it is back). `stop()` ends it; `until(d)` ends it once none runs or after d.
 */
export function witnessLoop(
  fs: ProcFs,
  pods: readonly WatchedPod[],
  phase: 'lost' | 'back',
  report: (event: Record<string, unknown>) => void,
  every: Duration = WITNESS_EVERY,
  /** The role query (argv), run inside each watched pod that still runs here, after each look. @default none */
  roleQuery?: readonly string[],
) {
  const done = new AbortController();
  let last: PodSeen[] = [];
  const looped = (async () => {
    while (pods.length && !done.signal.aborted) {
      last = await witness(fs, pods).catch((e: Error) => {
        report({ event: 'witness-error', phase, error: e.message });
        return last;
      });
      report({ event: 'witness', phase, pods: last });
      if (roleQuery) {
        const running = pods.filter((p) => last.some((s) => s.uid === p.uid && s.pids.length > 0));
        const answers = await Promise.all(running.map((p) => queryRole(fs, p, roleQuery)));
        for (const a of answers) report({ event: 'role', ...a });
      }
      await sleep(every, done.signal).catch(() => undefined);
    }
  })();
  return {
    stop() {
      done.abort();
    },
    /** Ends once nothing watched runs (after at least one look), or after `d`, or on `signal`. */
    async until(d: Duration, signal: AbortSignal): Promise<void> {
      const end = Date.now() + d.toMilliseconds();
      while (Date.now() < end && !signal.aborted) {
        await sleep(Duration.millis(Math.min(200, end - Date.now())), signal).catch(() => undefined);
        if (last.length && last.every((p) => p.pids.length === 0)) break;
      }
      done.abort();
      await looped;
    },
  };
}
