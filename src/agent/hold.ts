import { Duration } from '../util/duration.ts';
import { sleep } from '../util/sleep.ts';
import type { KubeletProcess, ProcFs } from './kubelet-finder.ts';
import {
  freezeKubelet,
  type Kill,
  kubeletState,
  type ResumeOutcome,
  resumeKubelet,
} from './kubelet-signal.ts';
import type { RunStop } from './run-watch.ts';

/** Why a hold ended. */
export type HoldEnd = 'deadline' | 'signal' | 'dead-man' | 'requested' | 'cut-short';

export interface HoldOptions {
  readonly fs: ProcFs;
  readonly kill: Kill;
  readonly kubelet: KubeletProcess;
  /** The latest the kubelet stays frozen, whatever happens. */
  readonly hold: Duration;
  /** Ends the hold at once (SIGTERM to the agent, a stop request). */
  readonly signal: AbortSignal;
  /**
   * The run's word, each tick (run-watch.ts): the dead-man's switch (its Lease not renewed for two
   * periods) or its request to resume now. @default none: the deadline and signals only
   */
  readonly checkRun?: () => Promise<RunStop | undefined>;
  /** Runs once the kubelet is frozen, inside the hold (a power-off kills the containers then). @default none */
  readonly afterFreeze?: () => Promise<void>;
  /** How often the kubelet's state and the run are looked at. @default 1s */
  readonly tick?: Duration;
  /** Each thing the hold does or sees, for the agent's log. */
  readonly report?: (event: Record<string, unknown>) => void;
}

export interface HoldResult {
  readonly ended: HoldEnd;
  readonly resume: ResumeOutcome;
  readonly frozenMs: number;
}

/**
 * Freezes the kubelet and holds it frozen until the deadline, a stop request, the run's death (the
 * dead-man's switch), the run's request or something else resuming or restarting it (cut short); then resumes it, with the
 * PID, start time and stopped state checked first. The resume is in a `finally`: an error in between
 * still resumes.
 */
export async function holdFrozen(o: HoldOptions): Promise<HoldResult> {
  const report = o.report ?? (() => {});
  const tick = o.tick ?? Duration.seconds(1);
  const deadline = Date.now() + o.hold.toMilliseconds();
  await freezeKubelet(o.fs, o.kubelet, o.kill);
  const frozenAt = Date.now();
  report({ event: 'frozen', pid: o.kubelet.pid, deadline: new Date(deadline).toISOString() });
  let ended: HoldEnd = 'deadline';
  let failure: unknown;
  try {
    await o.afterFreeze?.();
    while (Date.now() < deadline) {
      if (o.signal.aborted) {
        ended = 'signal';
        break;
      }
      const state = await kubeletState(o.fs, o.kubelet);
      if (state !== 'stopped') {
        ended = 'cut-short';
        report({ event: 'cut-short', state });
        break;
      }
      const stop = o.checkRun ? await o.checkRun() : undefined;
      if (stop) {
        ended = stop.ended;
        report({ event: stop.ended, why: stop.why });
        break;
      }
      const wait = Math.min(tick.toMilliseconds(), deadline - Date.now());
      await sleep(Duration.millis(Math.max(0, wait)), o.signal).catch(() => undefined);
    }
  } catch (e) {
    failure = e;
  }
  // Whatever happened above, the kubelet is resumed (if it is still the one frozen, and stopped).
  const resume = await resumeKubelet(o.fs, o.kubelet, o.kill);
  const frozenMs = Date.now() - frozenAt;
  report({ event: 'resume', ended, resume, frozenMs });
  if (failure) throw failure;
  return { ended, resume, frozenMs };
}
