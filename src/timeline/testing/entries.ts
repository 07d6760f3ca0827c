import {
  CLUSTER_SCOPED,
  type Entry,
  type MarkEntry,
  type MarkType,
  type ObjectEntry,
  type Timeline,
  type TimelineTarget,
  type WatchType,
} from '../types.ts';

/** The instant tests call t=0: 2025-01-01T12:00:00Z. */
export const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

/** Milliseconds at `seconds` after {@link T0}. */
export function ts(seconds: number): number {
  return T0 + Math.round(seconds * 1000);
}

export const defaultTarget: TimelineTarget = {
  namespace: 'ns',
  name: 'web',
  serviceName: 'web-h',
  replicas: 3,
  ordinalsStart: 0,
  podManagementPolicy: 'OrderedReady',
  claimTemplates: ['data'],
};

export interface MarkOptions {
  readonly ordinal?: number;
  readonly node?: string;
  readonly details?: Record<string, unknown>;
}

/**
 * The base of the test builder: the clock, the entries in order with their seq, the engine's marks and
 * the timeline built at the end. Subclasses add the objects.
 */
export class EntryLog {
  readonly target: TimelineTarget;
  protected readonly entries: Entry[] = [];
  protected current = T0;
  protected seq = 0;
  #rv = 0;
  #uids = 0;

  constructor(target: Partial<TimelineTarget> = {}) {
    this.target = { ...defaultTarget, ...target };
  }

  /** Sets the current time to `seconds` after T0. */
  at(seconds: number): this {
    this.current = ts(seconds);
    return this;
  }

  get now(): number {
    return this.current;
  }

  get size(): number {
    return this.entries.length;
  }

  // --- marks ------------------------------------------------------------------------------------------

  mark(mark: MarkType, fault?: string, opts: MarkOptions = {}): this {
    const m: MarkEntry = {
      seq: this.seq++,
      at: this.current,
      kind: 'mark',
      mark,
      ...(fault === undefined ? {} : { fault }),
      ...(opts.ordinal === undefined ? {} : { ordinal: opts.ordinal }),
      ...(opts.node === undefined ? {} : { node: opts.node }),
      ...(opts.details === undefined ? {} : { details: opts.details }),
    };
    this.entries.push(m);
    return this;
  }

  faultStart(fault: string, opts: MarkOptions = {}): this {
    return this.mark('fault-start', fault, opts);
  }

  faultEnd(fault: string, opts: MarkOptions = {}): this {
    return this.mark('fault-end', fault, opts);
  }

  revert(fault: string, opts: MarkOptions = {}): this {
    return this.mark('revert', fault, opts);
  }

  step(step: string, details: Record<string, unknown> = {}): this {
    return this.mark('step', undefined, { details: { step, ...details } });
  }

  build(endSeconds?: number): Timeline {
    return {
      target: this.target,
      startedAt: T0,
      endedAt: endSeconds === undefined ? this.current : ts(endSeconds),
      entries: [...this.entries],
    };
  }

  // --- for subclasses -----------------------------------------------------------------------------------

  protected uid(prefix: string): string {
    this.#uids += 1;
    return `uid-${prefix}-${this.#uids}`;
  }

  /** A watch event of an object at the current time. */
  protected object(
    resource: ObjectEntry['resource'],
    type: WatchType,
    name: string,
    uid: string,
    object: unknown,
  ): this {
    this.#rv += 1;
    this.entries.push({
      seq: this.seq++,
      at: this.current,
      kind: 'object',
      type,
      resource,
      name,
      ...(CLUSTER_SCOPED.has(resource) ? {} : { namespace: this.target.namespace }),
      uid,
      resourceVersion: String(this.#rv),
      object,
    } as ObjectEntry);
    return this;
  }
}
