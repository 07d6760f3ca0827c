import type { Logger } from 'pino';
import { isOwnEvent } from '../kube/event.ts';
import { ApiError, type KubeHttp } from '../kube/http.ts';
import { type KubeObject, ResumableWatch, type WatchEvent } from '../kube/watch.ts';
import type { Duration } from '../util/duration.ts';
import { serviceFilter, sliceFilter } from './service-filter.ts';
import { snapshotOf } from './snapshot.ts';
import { TimelineStore } from './store.ts';
import { TrackedCondition } from './tracked.ts';
import type { ObjectEntry, ResourceKind, TimelineTarget, WatchForbiddenObservation } from './types.ts';
import { TargetVolumes } from './volume-filter.ts';

/** A watch of the recorder: kind, collection path, selectors, what it keeps, whether a 403 may leave it out. */
type WatchSpec = readonly [
  ResourceKind,
  string,
  { readonly labelSelector?: string; readonly fieldSelector?: string },
  ((o: KubeObject) => boolean)?,
  boolean?,
];

export interface RecorderOptions {
  readonly http: KubeHttp;
  readonly target: TimelineTarget;
  /** matchLabels of the StatefulSet's selector, as a label selector string. */
  readonly podSelector: string;
  /** The labels of the pod template: a Service whose selector they match is recorded. @default the selector's */
  readonly podLabels?: Readonly<Record<string, string>>;
  readonly log?: Logger;
  /** @default Date.now */
  readonly clock?: () => number;
}

interface Waiter {
  readonly check: () => boolean;
  readonly resolve: () => void;
}

/** A condition followed on every recorded event: when it last turned true (and has held since). */
export interface Tracked {
  /** The time of the event after which the condition has held, or undefined when it does not hold now. */
  since(): number | undefined;
  stop(): void;
}

/**
 * Watches everything the checks need for the whole run and appends every transition to the timeline,
 * timestamped when the event arrives: the target's pods, claims and volumes and the volumes' attachments
 * (VolumeAttachments), the nodes, every Service that selects the pods and their EndpointSlices, the
 * StatefulSet itself and the namespace's Events. Waits are
 * evaluated on each event, never by polling.
 */
export class Recorder {
  readonly store: TimelineStore;
  readonly #opts: RecorderOptions;
  readonly #watches = new Map<ResourceKind, ResumableWatch<KubeObject>>();
  readonly #waiters = new Set<Waiter>();
  readonly #tracked = new Set<() => void>();
  /** Kinds that could not be watched (forbidden), with the reason: the checks that need them say so. */
  readonly unavailable = new Map<ResourceKind, string>();

  constructor(opts: RecorderOptions) {
    this.#opts = opts;
    this.store = new TimelineStore(opts.target, opts.clock ? { clock: opts.clock } : {});
  }

  #podLabels(): Readonly<Record<string, string>> {
    if (this.#opts.podLabels) return this.#opts.podLabels;
    return Object.fromEntries(
      this.#opts.podSelector
        .split(',')
        .filter(Boolean)
        .map((kv) => kv.split('=') as [string, string]),
    );
  }

  async start(): Promise<void> {
    const { namespace: ns, name, serviceName, claimTemplates } = this.#opts.target;
    const claimRe = new RegExp(
      `^(${claimTemplates.map(escapeRe).join('|') || '(?!)'})-${escapeRe(name)}-\\d+$`,
    );
    const podRe = new RegExp(`^${escapeRe(name)}-\\d+$`);
    const volumes = new TargetVolumes();
    const specs: WatchSpec[] = [
      [
        'StatefulSet',
        `/apis/apps/v1/namespaces/${ns}/statefulsets`,
        { fieldSelector: `metadata.name=${name}` },
      ],
      [
        'Pod',
        `/api/v1/namespaces/${ns}/pods`,
        { labelSelector: this.#opts.podSelector },
        (o) => podRe.test(o.metadata?.name ?? ''),
      ],
      [
        'PersistentVolumeClaim',
        `/api/v1/namespaces/${ns}/persistentvolumeclaims`,
        {},
        TargetVolumes.noting(
          (o: KubeObject) => claimRe.test(o.metadata?.name ?? ''),
          (o) => volumes.onClaim(o),
        ),
      ],
      // Every Service that selects the pods, and their slices (PRB-1 judges each).
      ['Service', `/api/v1/namespaces/${ns}/services`, {}, serviceFilter(serviceName, this.#podLabels())],
      [
        'EndpointSlice',
        `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`,
        {},
        sliceFilter(serviceName, (n) => podRe.test(n)),
      ],
      ['Event', `/api/v1/namespaces/${ns}/events`, {}, (o) => isTargetEvent(o, name, claimRe), true],
      [
        'PersistentVolume',
        '/api/v1/persistentvolumes',
        {},
        TargetVolumes.noting(
          (o: KubeObject) =>
            (o as { spec?: { claimRef?: { namespace?: string; name?: string } } }).spec?.claimRef
              ?.namespace === ns &&
            claimRe.test((o as { spec?: { claimRef?: { name?: string } } }).spec?.claimRef?.name ?? ''),
          (o) => volumes.onVolume(o),
        ),
        true,
      ],
      ['Node', '/api/v1/nodes', {}, undefined, true],
    ];
    await Promise.all(specs.map((spec) => this.#watch(spec)));
    // Once the claims and volumes are listed, so that the attachments listed now are known to be the target's.
    await this.#watch([
      'VolumeAttachment',
      '/apis/storage.k8s.io/v1/volumeattachments',
      {},
      volumes.attachmentFilter(),
      true,
    ]);
  }

  /**
   * Starts one watch. An optional kind that is forbidden (403) is left out, noted in `unavailable` and in the
   * timeline (a `watch-forbidden` note), so that the checks that need it skip saying so.
   */
  async #watch([kind, path, sel, keep, optional]: WatchSpec): Promise<void> {
    const w = new ResumableWatch<KubeObject>(this.#opts.http, {
      path,
      ...sel,
      log: this.#opts.log,
      onEvent: (ev) => {
        if (keep && !keep(ev.object)) return;
        this.#append(kind, ev);
      },
    });
    try {
      await w.start();
      this.#watches.set(kind, w);
    } catch (e) {
      if (optional && e instanceof ApiError && e.status === 403) {
        const reason = `cannot watch ${kind} (forbidden by RBAC)`;
        this.unavailable.set(kind, reason);
        const details: WatchForbiddenObservation = { observation: 'watch-forbidden', resource: kind, reason };
        if (!this.store.ended) this.store.mark({ mark: 'note', details: { ...details } });
        this.#opts.log?.warn({ kind }, `cannot watch ${kind}: forbidden; checks that need it will say so`);
        return;
      }
      throw e;
    }
  }

  #append(kind: ResourceKind, ev: WatchEvent<KubeObject>): void {
    if (this.store.ended) return;
    const m = ev.object.metadata ?? {};
    this.store.object({
      type: ev.type,
      resource: kind,
      name: m.name ?? '',
      namespace: m.namespace,
      uid: m.uid ?? '',
      resourceVersion: m.resourceVersion ?? '',
      object: snapshotOf[kind](ev.object),
    } as Omit<ObjectEntry, 'seq' | 'at' | 'kind'> as never);
    this.#notify();
  }

  #notify(): void {
    for (const t of this.#tracked) t();
    for (const w of this.#waiters) {
      if (w.check()) {
        this.#waiters.delete(w);
        w.resolve();
      }
    }
  }

  /**
   * Follows `condition` on every recorded event from now on: `since()` is the time of the event after
   * which it has held (a wait that starts once it already holds learns when it came true, not when it
   * was asked), undefined while it does not hold. Held already now: since now.
   */
  track(condition: () => boolean): Tracked {
    const t = new TrackedCondition(condition, (this.#opts.clock ?? Date.now)());
    const onEvent = () => t.onEvent(this.store.lastAt);
    this.#tracked.add(onEvent);
    return { since: () => t.since(), stop: () => this.#tracked.delete(onEvent) };
  }

  /** Objects of a kind as last seen (empty when the kind is not watched). */
  objects<T>(kind: ResourceKind): T[] {
    return [...(this.#watches.get(kind)?.objects.values() ?? [])] as T[];
  }

  /** Watch statistics (watch requests, relists, reconnects) per kind. */
  watchStats(): Record<string, { watches: number; relists: number; reconnects: number }> {
    return Object.fromEntries([...this.#watches].map(([k, w]) => [k, { ...w.stats }]));
  }

  /**
   * Resolves when `condition` holds, re-evaluated on every recorded event (and now). After the deadline
   * it rejects with `what` and what `describe` says about the last state seen.
   */
  waitFor(
    what: string,
    deadline: Duration,
    condition: () => boolean,
    describe: () => string,
    signal?: AbortSignal,
  ): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const ms = deadline.toMilliseconds();
      const fail = (why: string) => {
        this.#waiters.delete(waiter);
        clearTimeout(timer);
        reject(new WaitTimeoutError(why));
      };
      const timer = setTimeout(
        () => fail(`timed out after ${deadline} waiting for ${what}; last saw: ${describe()}`),
        ms,
      );
      const onAbort = () => fail(`interrupted while waiting for ${what}`);
      signal?.addEventListener('abort', onAbort, { once: true });
      const waiter: Waiter = {
        check: condition,
        resolve: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.#waiters.add(waiter);
    });
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#watches.values()].map((w) => w.stop()));
    this.store.end();
  }
}

export class WaitTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WaitTimeoutError';
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An Event about the target, its pods or its claims; sts-chaos's own Events (its fault windows) are not evidence. */
export function isTargetEvent(o: KubeObject, name: string, claimRe: RegExp): boolean {
  if (isOwnEvent(o)) return false;
  const io = (o as { involvedObject?: { name?: string; kind?: string } }).involvedObject;
  const n = io?.name ?? '';
  return n === name || n.startsWith(`${name}-`) || claimRe.test(n);
}
