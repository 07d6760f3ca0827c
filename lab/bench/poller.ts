/**
 * The polling baseline: how a peer that lists the target's pods every N seconds would judge the same
 * fault. It sees the cluster only at its ticks, so it notices recovery at the first tick after it.
 */
import type { Duration } from '../../src/util/duration.ts';

/** What one pod looks like in a pod list. */
export interface PodView {
  readonly name: string;
  readonly uid: string;
  readonly ready: boolean;
  readonly deleting: boolean;
  readonly restarts: number;
}

/** What recovery means for the fault (the same expectations the engine's faults declare). */
export type Expectation = 'new-uid' | 'restart' | 'ready';

/** The victim as it was before the fault. */
export interface Before {
  readonly pod: string;
  readonly uid: string;
  readonly restarts: number;
}

/**
 * The poller's judgement over one tick: recovered when every expected pod is Ready and not deleting and
 * the victim shows the expected change. For `ready` (a probe freeze) the poller must first have seen the
 * victim not Ready, else it would call the fault over before it took effect.
 */
export class Judge {
  readonly #before: Before;
  readonly #expect: Expectation;
  readonly #names: readonly string[];
  #sawDisruption = false;

  constructor(before: Before, expect: Expectation, names: readonly string[]) {
    this.#before = before;
    this.#expect = expect;
    this.#names = names;
  }

  recovered(pods: readonly PodView[]): boolean {
    const byName = new Map(pods.filter((p) => !p.deleting).map((p) => [p.name, p]));
    const v = byName.get(this.#before.pod);
    if (!v?.ready) this.#sawDisruption = true;
    if (!v || !this.#names.every((n) => byName.get(n)?.ready)) return false;
    switch (this.#expect) {
      case 'new-uid':
        return v.uid !== this.#before.uid;
      case 'restart':
        return v.uid !== this.#before.uid || v.restarts > this.#before.restarts;
      case 'ready':
        return this.#sawDisruption;
    }
  }
}

/**
 * Polls `list` every `every` until the judge says recovered; resolves with that tick's time. The first
 * tick comes after `first` (one interval by default: a peer that injects, then sleeps before it looks).
 */
export function poll(
  list: () => Promise<readonly PodView[]>,
  judge: Judge,
  every: Duration,
  signal: AbortSignal,
  first: Duration = every,
  now: () => number = Date.now,
): Promise<number | undefined> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const stop = () => {
      clearTimeout(timer);
      resolve(undefined);
    };
    signal.addEventListener('abort', stop, { once: true });
    const tick = async () => {
      const at = now();
      try {
        if (judge.recovered(await list())) {
          signal.removeEventListener('abort', stop);
          resolve(at);
          return;
        }
      } catch {
        // A failed list is a tick that saw nothing.
      }
      if (!signal.aborted) timer = setTimeout(tick, every.toMilliseconds());
    };
    timer = setTimeout(tick, first.toMilliseconds());
  });
}
