import type { EndpointSliceSnapshot, ProbeKind, WatchType } from '../types.ts';
import { ClusterLog } from './cluster.ts';
import { T0, ts } from './entries.ts';
import { type PodState, podObject } from './objects.ts';

export { defaultTarget, type MarkOptions, T0, ts } from './entries.ts';
export type { PodState, StatefulSetOptions } from './objects.ts';

export interface PodOptions {
  readonly uid?: string;
  readonly node?: string;
  readonly revision?: string;
  readonly labels?: Record<string, string>;
  readonly hostname?: string;
  readonly subdomain?: string;
  /** Claim names to mount; defaults to `T-S-i` for every template. */
  readonly claims?: readonly string[];
  /** Created an hour before recording started. */
  readonly preexisting?: boolean;
}

/** RFC 3339 in whole seconds, as the API server writes timestamps. */
function seconds(at: number): string {
  return `${new Date(at).toISOString().slice(0, 19)}Z`;
}

/**
 * A fluent helper for writing synthetic timelines in tests. Time is set in seconds from {@link T0} with
 * `at(s)`; every other call appends an entry at the current time. Pods are addressed by ordinal: each call
 * acts on the ordinal's current incarnation, and `podCreated` starts a new one (new UID). Marks come from
 * {@link EntryLog}, claims, nodes, the StatefulSet and its Service from {@link ClusterLog}.
 *
 *   new TimelineBuilder().at(0).podUp(0, 'n1').at(5).podDeleted(0).at(6).podUp(0, 'n2').build()
 */
export class TimelineBuilder extends ClusterLog {
  readonly #pods = new Map<number, PodState>();
  readonly #incarnations = new Map<number, number>();

  podName(ordinal: number): string {
    return `${this.target.name}-${ordinal}`;
  }

  /** UID of the ordinal's current incarnation. */
  uidOf(ordinal: number): string {
    const p = this.#pods.get(ordinal);
    if (!p) throw new Error(`no pod for ordinal ${ordinal}`);
    return p.uid;
  }

  /**
   * The usual opening: nodes, the headless Service, the StatefulSet, then for each ordinal its claims and a
   * pod created and Ready on nodes in turn, one second apart starting at `from` seconds, and an EndpointSlice
   * listing them all ready. Leaves the time at the last pod.
   */
  steadyState(opts: { from?: number; nodes?: readonly string[] } = {}): this {
    const nodes = opts.nodes ?? ['n1', 'n2'];
    const from = opts.from ?? 0;
    this.at(from);
    for (const n of nodes) this.node(n);
    this.service().statefulSet();
    const { ordinalsStart: start, replicas } = this.target;
    for (let i = 0; i < replicas; i++) {
      const o = start + i;
      this.at(from + i);
      this.claimsFor(o).podUp(o, nodes[i % nodes.length]);
    }
    const all = Array.from({ length: replicas }, (_, i) => start + i);
    return this.endpoints(this.target.serviceName, all);
  }

  // --- pods ------------------------------------------------------------------------------------------

  /** ADDED of a new incarnation (new UID): Pending, scheduled when `node` is given. */
  podCreated(ordinal: number, opts: PodOptions = {}): this {
    const name = this.podName(ordinal);
    const n = (this.#incarnations.get(ordinal) ?? 0) + 1;
    this.#incarnations.set(ordinal, n);
    const created = opts.preexisting ? this.current - 3_600_000 : this.current;
    const pod: PodState = {
      ordinal,
      name,
      uid: opts.uid ?? `uid-${name}-${n}`,
      node: opts.node,
      phase: 'Pending',
      scheduled: opts.node !== undefined,
      ready: false,
      labels: {
        app: this.target.name,
        'statefulset.kubernetes.io/pod-name': name,
        'apps.kubernetes.io/pod-index': String(ordinal),
        'controller-revision-hash': opts.revision ?? (this.sts.updateRevision as string),
        ...opts.labels,
      },
      hostname: opts.hostname ?? name,
      subdomain: opts.subdomain ?? this.target.serviceName,
      claims: [...(opts.claims ?? this.target.claimTemplates.map((t) => `${t}-${name}`))],
      creationTimestamp: seconds(created),
      restartCount: 0,
      owner: this.#ownerRef(this.stsUid),
    };
    this.#pods.set(ordinal, pod);
    return this.#pod('ADDED', pod);
  }

  podScheduled(ordinal: number, node: string): this {
    return this.podPatch(ordinal, (p) => {
      p.node = node;
      p.scheduled = true;
    });
  }

  /** Phase Running (with a pod IP), not Ready yet. */
  podRunning(ordinal: number): this {
    return this.podPatch(ordinal, (p) => {
      p.phase = 'Running';
      p.podIP ??= this.#ip(ordinal);
    });
  }

  /**
   * Running and Ready=True, no longer waiting. `since` (seconds from T0) sets the Ready condition's
   * lastTransitionTime, in whole seconds as the API server writes it.
   */
  podReady(ordinal: number, opts: { since?: number } = {}): this {
    return this.podPatch(ordinal, (p) => {
      p.phase = 'Running';
      p.podIP ??= this.#ip(ordinal);
      p.ready = true;
      p.waiting = undefined;
      p.readySince = opts.since === undefined ? undefined : seconds(ts(opts.since));
    });
  }

  podUnready(ordinal: number): this {
    return this.podPatch(ordinal, (p) => {
      p.ready = false;
    });
  }

  /** Its container waiting with `reason` (ErrImagePull, ImagePullBackOff ...), not Ready. */
  podWaiting(ordinal: number, reason: string): this {
    return this.podPatch(ordinal, (p) => {
      p.waiting = reason;
      p.ready = false;
    });
  }

  /** Created on `node`, then Running and Ready at the same instant. */
  podUp(ordinal: number, node = 'n1', opts: PodOptions = {}): this {
    return this.podCreated(ordinal, { ...opts, node }).podReady(ordinal);
  }

  /** restartCount + 1 (the container was restarted in place); not Ready until podReady. */
  podRestarted(ordinal: number): this {
    return this.podPatch(ordinal, (p) => {
      p.restartCount += 1;
      p.ready = false;
    });
  }

  /** metadata.deletionTimestamp set (graceful deletion requested). */
  podTerminating(ordinal: number, graceSeconds = 30): this {
    return this.podPatch(ordinal, (p) => {
      p.deletionTimestamp = new Date(this.current + graceSeconds * 1000).toISOString();
      p.grace = graceSeconds;
    });
  }

  /** DELETED of the current incarnation. */
  podDeleted(ordinal: number): this {
    const p = this.#get(ordinal);
    p.deletionTimestamp ??= new Date(this.current).toISOString();
    p.grace = 0;
    this.#pod('DELETED', p);
    this.#pods.delete(ordinal);
    return this;
  }

  /**
   * Its controller ownerReference set to the StatefulSet object `uid` (adopted), or removed when `uid` is
   * undefined (orphaned, as the garbage collector leaves the pods of a StatefulSet deleted with Orphan).
   */
  podOwner(ordinal: number, uid: string | undefined): this {
    return this.podPatch(ordinal, (p) => {
      p.owner = this.#ownerRef(uid);
    });
  }

  /** A MODIFIED after changing the current incarnation's state directly. */
  podPatch(ordinal: number, patch: (pod: PodState) => void): this {
    const p = this.#get(ordinal);
    patch(p);
    return this.#pod('MODIFIED', p);
  }

  /** A core Event about the ordinal's current pod. */
  event(ordinal: number, reason: string, message = ''): this {
    const p = this.#get(ordinal);
    const uid = this.uid('ev');
    return this.object('Event', 'ADDED', `${p.name}.${uid}`, uid, {
      metadata: { name: `${p.name}.${uid}`, uid, namespace: this.target.namespace },
      involvedObject: { kind: 'Pod', name: p.name, namespace: this.target.namespace, uid: p.uid },
      reason,
      message,
      type: 'Normal',
      count: 1,
    });
  }

  /** The content of one EndpointSlice of `service`: the current incarnations of `ready` and `notReady`. */
  endpoints(
    service: string,
    ready: readonly number[],
    notReady: readonly number[] = [],
    slice = `${service}-abc`,
  ): this {
    const ep = (ordinal: number, isReady: boolean) => {
      const p = this.#get(ordinal);
      return {
        addresses: [p.podIP ?? this.#ip(ordinal)],
        conditions: { ready: isReady },
        targetRef: { kind: 'Pod', name: p.name, uid: p.uid },
      };
    };
    const s: EndpointSliceSnapshot = {
      metadata: {
        name: slice,
        uid: `uid-slice-${slice}`,
        namespace: this.target.namespace,
        labels: { 'kubernetes.io/service-name': service },
      },
      endpoints: [...ready.map((o) => ep(o, true)), ...notReady.map((o) => ep(o, false))],
    };
    return this.object('EndpointSlice', 'MODIFIED', slice, s.metadata.uid, s);
  }

  /**
   * A probe sample from the ordinal's current pod (or the last one, when it has none now); `uid` names
   * another incarnation, `{via}` where the probe ran.
   */
  sample(
    probe: ProbeKind,
    ordinal: number,
    value: string,
    ok = true,
    uidOr?: string | { via: string },
  ): this {
    const uid = typeof uidOr === 'string' ? uidOr : undefined;
    const via = typeof uidOr === 'object' ? uidOr.via : undefined;
    this.entries.push({
      seq: this.seq++,
      at: this.current,
      kind: 'sample',
      probe,
      ordinal,
      pod: this.podName(ordinal),
      ...((uid ?? this.#pods.get(ordinal)?.uid) ? { uid: uid ?? this.#pods.get(ordinal)?.uid } : {}),
      value,
      ok,
      ...(via ? { via } : {}),
    });
    return this;
  }

  /** The pod IP the ordinal's current incarnation has (or will get). */
  ipOf(ordinal: number): string {
    return this.#get(ordinal).podIP ?? this.#ip(ordinal);
  }

  // --- internals --------------------------------------------------------------------------------------

  #ownerRef(uid: string | undefined): PodState['owner'] {
    return uid === undefined
      ? undefined
      : { apiVersion: 'apps/v1', kind: 'StatefulSet', name: this.target.name, uid, controller: true };
  }

  #ip(ordinal: number): string {
    return `10.0.${ordinal % 250}.${(this.#incarnations.get(ordinal) ?? 1) % 250}`;
  }

  #get(ordinal: number): PodState {
    const p = this.#pods.get(ordinal);
    if (!p) throw new Error(`builder: ordinal ${ordinal} has no pod at t=${(this.current - T0) / 1000}s`);
    return p;
  }

  #pod(type: WatchType, p: PodState): this {
    return this.object('Pod', type, p.name, p.uid, podObject(p, this.target));
  }
}
