import type { Entry, MarkEntry, ObjectEntry, SampleEntry, Timeline, TimelineTarget } from './types.ts';

/** `Omit` applied to each member of a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type ObjectInput = DistributiveOmit<ObjectEntry, 'seq' | 'at' | 'kind'>;
export type MarkInput = Omit<MarkEntry, 'seq' | 'at' | 'kind'>;
export type SampleInput = Omit<SampleEntry, 'seq' | 'at' | 'kind'>;

export interface TimelineStoreOptions {
  /**
   * Milliseconds since the epoch. A reading earlier than the previous entry's is raised to it, so that `at`
   * never decreases along `seq`.
   * @default Date.now
   */
  readonly clock?: () => number;
}

/**
 * The recorder's append-only, in-memory timeline. Each entry gets the next `seq` and `at` from the clock
 * when it is appended (the moment the watch event was received).
 */
export class TimelineStore {
  readonly target: TimelineTarget;
  readonly startedAt: number;
  readonly #clock: () => number;
  readonly #entries: Entry[] = [];
  #lastAt: number;
  #endedAt: number | undefined;

  constructor(target: TimelineTarget, options: TimelineStoreOptions = {}) {
    this.target = target;
    this.#clock = options.clock ?? Date.now;
    this.startedAt = this.#clock();
    this.#lastAt = this.startedAt;
  }

  get size(): number {
    return this.#entries.length;
  }

  /** The time of the last entry (or of the start). */
  get lastAt(): number {
    return this.#lastAt;
  }

  get ended(): boolean {
    return this.#endedAt !== undefined;
  }

  object(input: ObjectInput): ObjectEntry {
    return this.#append<ObjectEntry>({ ...input, kind: 'object' } as DistributiveOmit<
      ObjectEntry,
      'seq' | 'at'
    >);
  }

  mark(input: MarkInput): MarkEntry {
    return this.#append({ ...input, kind: 'mark' });
  }

  sample(input: SampleInput): SampleEntry {
    return this.#append({ ...input, kind: 'sample' });
  }

  /** Stops recording: later appends throw. Idempotent. */
  end(): void {
    this.#endedAt ??= this.#now();
  }

  /** A copy of what was recorded so far. */
  timeline(): Timeline {
    const t: Timeline = { target: this.target, startedAt: this.startedAt, entries: [...this.#entries] };
    return this.#endedAt === undefined ? t : { ...t, endedAt: this.#endedAt };
  }

  /** What JSON.stringify writes: the timeline so far. */
  toJSON(): Timeline {
    return this.timeline();
  }

  /** Reads a saved timeline back (see {@link timelineFromJSON}); replay it with `derive` and the checks. */
  static fromJSON(input: string | unknown): Timeline {
    return timelineFromJSON(input);
  }

  #now(): number {
    this.#lastAt = Math.max(this.#clock(), this.#lastAt);
    return this.#lastAt;
  }

  #append<E extends Entry>(partial: DistributiveOmit<E, 'seq' | 'at'>): E {
    if (this.#endedAt !== undefined)
      throw new Error('timeline store: recording has ended, nothing can be appended');
    const entry = { seq: this.#entries.length, at: this.#now(), ...partial } as unknown as E;
    this.#entries.push(entry);
    return entry;
  }
}

/** A timeline as JSON text (for report.json). */
export function timelineToJSON(timeline: Timeline): string {
  return JSON.stringify(timeline);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads back a timeline saved with {@link timelineToJSON} (text or already parsed). Checks the shape the
 * checks rely on: a target, numeric startedAt, and entries of a known kind with increasing seq and
 * non-decreasing at. Throws an Error naming the first problem.
 */
export function timelineFromJSON(input: string | unknown): Timeline {
  const data: unknown = typeof input === 'string' ? JSON.parse(input) : input;
  if (!isRecord(data)) throw new Error('timeline: expected an object');
  const { target, startedAt, endedAt, entries } = data;
  if (!isRecord(target) || typeof target.name !== 'string' || typeof target.namespace !== 'string')
    throw new Error('timeline: target must name the StatefulSet and its namespace');
  if (!Array.isArray(target.claimTemplates))
    throw new Error('timeline: target.claimTemplates must be a list');
  if (typeof startedAt !== 'number') throw new Error('timeline: startedAt must be a number (ms since epoch)');
  if (endedAt !== undefined && typeof endedAt !== 'number')
    throw new Error('timeline: endedAt must be a number');
  if (!Array.isArray(entries)) throw new Error('timeline: entries must be a list');
  let prev: { seq: number; at: number } | undefined;
  entries.forEach((e: unknown, i: number) => {
    if (!isRecord(e)) throw new Error(`timeline: entry ${i} is not an object`);
    if (typeof e.seq !== 'number' || typeof e.at !== 'number')
      throw new Error(`timeline: entry ${i} lacks a numeric seq and at`);
    if (e.kind !== 'object' && e.kind !== 'mark' && e.kind !== 'sample')
      throw new Error(`timeline: entry ${i} (seq ${e.seq}) has unknown kind ${JSON.stringify(e.kind)}`);
    if (
      e.kind === 'object' &&
      (typeof e.resource !== 'string' || typeof e.uid !== 'string' || !isRecord(e.object))
    )
      throw new Error(`timeline: object entry ${i} (seq ${e.seq}) lacks resource, uid or object`);
    if (prev && e.seq <= prev.seq)
      throw new Error(`timeline: entry ${i} has seq ${e.seq} after seq ${prev.seq}`);
    if (prev && e.at < prev.at)
      throw new Error(`timeline: entry ${i} (seq ${e.seq}) goes back in time (${e.at} after ${prev.at})`);
    prev = { seq: e.seq, at: e.at };
  });
  return data as unknown as Timeline;
}
