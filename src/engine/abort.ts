/** How a run stops before its end: a signal (interrupted), or the run's own abort (aborted). */
import { ChaosError, ExitCode } from '../errors.ts';
import { ABORTED_BY_OPERATOR } from './guide/gate.ts';

export class InterruptedError extends ChaosError {
  constructor() {
    super(ExitCode.Interrupted, 'interrupted: every fault was reverted');
  }
}

/** The run stopped itself: the target changed under it, stayed unready past its budget, or the operator said so. */
export class AbortedError extends ChaosError {
  constructor(reason: string) {
    super(ExitCode.Interrupted, `aborted: ${reason}`);
    this.name = 'AbortedError';
  }
}

/** Who aborted a run: the run itself (the guard, the budget) or the operator of a guided run. */
export type AbortedBy = 'run' | 'operator';

/** A run's own abort: why and by whom (once), and the signal that ends the current step's waits. */
export class RunAbort {
  readonly #halt = new AbortController();
  #reason: string | undefined;
  #by: AbortedBy = 'run';

  get signal(): AbortSignal {
    return this.#halt.signal;
  }

  get reason(): string | undefined {
    return this.#reason;
  }

  /** The abort as the verdict says it: `aborted: <reason>`, or `aborted by the operator <where>`. */
  get summary(): string | undefined {
    if (!this.#reason) return undefined;
    return this.#by === 'operator' ? `${ABORTED_BY_OPERATOR} ${this.#reason}` : `aborted: ${this.#reason}`;
  }

  /** Aborts; false when the run was already aborted (the first reason stays). */
  abort(reason: string, by: AbortedBy): boolean {
    if (this.#reason) return false;
    this.#reason = reason;
    this.#by = by;
    this.#halt.abort();
    return true;
  }

  /** Throws InterruptedError once `signal` aborted (SIGTERM), AbortedError once the run aborted itself. */
  check(signal: AbortSignal): void {
    if (signal.aborted) throw new InterruptedError();
    if (this.#reason) throw new AbortedError(this.#reason);
  }
}
