/**
 * Progress of a run, before each step: `step 4 of 14 (identity/pod-kill-forced), elapsed 3m12s, about 4m
 * left`. What is left is the average of the steps so far times the steps to go (a step's time without
 * the operator's wait, in a guided run); with --for, `until 14:30` (the deadline, local time).
 */
import { Duration } from '../../util/duration.ts';

export interface ProgressOptions {
  /** When the run started (epoch ms). */
  readonly startedAt: number;
  /** Steps in the whole run when known (the plan's count × --repeat). @default unknown */
  readonly total?: number;
  /** The --for deadline (epoch ms). @default none */
  readonly deadline?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** `3m12s`, `45s`, `0s`: whole seconds. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s === 0 ? '0s' : Duration.seconds(s).toString();
}

/** `14:30`: the local hour and minute of `at`. */
export function hhmm(at: number): string {
  const d = new Date(at);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export class Progress {
  readonly #o: ProgressOptions;
  readonly #now: () => number;
  #done = 0;
  #spent = 0;

  constructor(o: ProgressOptions) {
    this.#o = o;
    this.#now = o.now ?? Date.now;
  }

  /** A step ended after `ms` of its own (the operator's wait left out). */
  stepDone(ms: number): void {
    this.#done++;
    this.#spent += Math.max(0, ms);
  }

  /** The line said before step `n` (from 1) of `what` (`suite/step`). */
  line(n: number, what: string): string {
    const { total, deadline } = this.#o;
    const parts = [
      `step ${n}${total !== undefined ? ` of ${total}` : ''} (${what})`,
      `elapsed ${clock(this.#now() - this.#o.startedAt)}`,
    ];
    if (total !== undefined && this.#done > 0)
      parts.push(`about ${clock((this.#spent / this.#done) * Math.max(0, total - n + 1))} left`);
    if (deadline !== undefined) parts.push(`until ${hhmm(deadline)}`);
    return parts.join(', ');
  }
}
