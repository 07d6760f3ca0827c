/**
 * A span of time. Options and config take a Duration (or a string such as "90s", "3m", "1m30s", "250ms"),
 * never bare milliseconds, so that units are always explicit.
 */
export class Duration {
  readonly #ms: number;

  private constructor(ms: number) {
    this.#ms = ms;
  }

  static millis(ms: number): Duration {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`duration must be a finite, non-negative number of milliseconds, got ${ms}`);
    return new Duration(ms);
  }

  static seconds(s: number): Duration {
    return Duration.millis(s * 1000);
  }

  static minutes(m: number): Duration {
    return Duration.millis(m * 60_000);
  }

  /** Parses "250ms", "90s", "3m", "1h", "1m30s". Throws a RangeError naming the input when it is not one. */
  static parse(text: string): Duration {
    const s = text.trim();
    const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
    let total = 0;
    let matched = 0;
    for (const m of s.matchAll(re)) {
      const n = Number(m[1]);
      const unit = m[2];
      total += n * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000);
      matched += m[0].length;
    }
    if (s.length === 0 || matched !== s.length) {
      throw new RangeError(`"${text}" is not a duration (use e.g. 250ms, 90s, 3m, 1m30s)`);
    }
    return Duration.millis(total);
  }

  toMilliseconds(): number {
    return this.#ms;
  }

  toSeconds(): number {
    return this.#ms / 1000;
  }

  plus(other: Duration): Duration {
    return new Duration(this.#ms + other.#ms);
  }

  /** Human form: "1m30s", "250ms", "2.5s". */
  toString(): string {
    const ms = this.#ms;
    if (ms < 1000) return `${Math.round(ms)}ms`;
    if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))}s`;
    const m = Math.floor(ms / 60_000);
    const rest = Math.round((ms - m * 60_000) / 1000);
    return rest ? `${m}m${rest}s` : `${m}m`;
  }
}
