/**
 * A condition followed event by event: when it last turned true and has held since. A wait that begins
 * once the condition already holds (the fault's own steps ran past the recovery) learns when it came
 * true, not when it was asked.
 */
export class TrackedCondition {
  #since: number | undefined;
  readonly #condition: () => boolean;

  /** `now`: the time of the tracking's start (the condition may hold already). */
  constructor(condition: () => boolean, now: number) {
    this.#condition = condition;
    this.#since = condition() ? now : undefined;
  }

  /** Re-evaluates after an event recorded at `at`. */
  onEvent(at: number): void {
    if (!this.#condition()) this.#since = undefined;
    else this.#since ??= at;
  }

  /** The time of the event after which the condition has held; undefined while it does not hold. */
  since(): number | undefined {
    return this.#since;
  }
}
