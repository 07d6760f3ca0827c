import type {
  ConditionStatus,
  EndpointSliceSnapshot,
  Entry,
  MarkEntry,
  MarkType,
  NodeSnapshot,
  ObjectEntry,
  PodManagementPolicy,
  PodSnapshot,
  ProbeKind,
  PvcSnapshot,
  RetentionAction,
  ServiceSnapshot,
  StatefulSetSnapshot,
  TaintSnapshot,
  Timeline,
  TimelineTarget,
  WatchType,
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

export interface PodState {
  ordinal: number;
  name: string;
  uid: string;
  node?: string;
  phase: string;
  scheduled: boolean;
  ready: boolean;
  labels: Record<string, string>;
  hostname: string;
  subdomain: string;
  claims: string[];
  creationTimestamp: string;
  deletionTimestamp?: string;
  grace?: number;
  restartCount: number;
  podIP?: string;
}

interface NodeState {
  name: string;
  uid: string;
  ready: ConditionStatus;
  unschedulable: boolean;
  taints: TaintSnapshot[];
}

interface ClaimState {
  name: string;
  uid: string;
  volumeName?: string;
  phase: string;
  deletionTimestamp?: string;
}

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

export interface StatefulSetOptions {
  readonly replicas?: number;
  readonly podManagementPolicy?: PodManagementPolicy;
  readonly updateStrategy?: 'RollingUpdate' | 'OnDelete';
  readonly partition?: number;
  readonly whenScaled?: RetentionAction;
  readonly whenDeleted?: RetentionAction;
  readonly currentRevision?: string;
  readonly updateRevision?: string;
}

export interface MarkOptions {
  readonly ordinal?: number;
  readonly node?: string;
  readonly details?: Record<string, unknown>;
}

/**
 * A fluent helper for writing synthetic timelines in tests. Time is set in seconds from {@link T0} with
 * `at(s)`; every other call appends an entry at the current time. Pods are addressed by ordinal: each call
 * acts on the ordinal's current incarnation, and `podCreated` starts a new one (new UID).
 *
 *   new TimelineBuilder().at(0).podUp(0, 'n1').at(5).podDeleted(0).at(6).podUp(0, 'n2').build()
 */
export class TimelineBuilder {
  readonly target: TimelineTarget;
  readonly #entries: Entry[] = [];
  readonly #pods = new Map<number, PodState>();
  readonly #incarnations = new Map<number, number>();
  readonly #nodes = new Map<string, NodeState>();
  readonly #claims = new Map<string, ClaimState>();
  #sts: StatefulSetOptions & { created: boolean };
  #now = T0;
  #seq = 0;
  #rv = 0;
  #uids = 0;

  constructor(target: Partial<TimelineTarget> = {}) {
    this.target = { ...defaultTarget, ...target };
    this.#sts = {
      created: false,
      replicas: this.target.replicas,
      podManagementPolicy: this.target.podManagementPolicy,
      currentRevision: `${this.target.name}-r1`,
      updateRevision: `${this.target.name}-r1`,
    };
  }

  /** Sets the current time to `seconds` after T0. */
  at(seconds: number): this {
    this.#now = ts(seconds);
    return this;
  }

  get now(): number {
    return this.#now;
  }

  get size(): number {
    return this.#entries.length;
  }

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
    const created = opts.preexisting ? this.#now - 3_600_000 : this.#now;
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
        'controller-revision-hash': opts.revision ?? (this.#sts.updateRevision as string),
        ...opts.labels,
      },
      hostname: opts.hostname ?? name,
      subdomain: opts.subdomain ?? this.target.serviceName,
      claims: [...(opts.claims ?? this.target.claimTemplates.map((t) => `${t}-${name}`))],
      creationTimestamp: `${new Date(created).toISOString().slice(0, 19)}Z`,
      restartCount: 0,
    };
    this.#pods.set(ordinal, pod);
    return this.#pod('ADDED', pod);
  }

  podScheduled(ordinal: number, node: string): this {
    const p = this.#get(ordinal);
    p.node = node;
    p.scheduled = true;
    return this.#pod('MODIFIED', p);
  }

  /** Phase Running (with a pod IP), not Ready yet. */
  podRunning(ordinal: number): this {
    const p = this.#get(ordinal);
    p.phase = 'Running';
    p.podIP ??= this.#ip(ordinal);
    return this.#pod('MODIFIED', p);
  }

  /** Running and Ready=True. */
  podReady(ordinal: number): this {
    const p = this.#get(ordinal);
    p.phase = 'Running';
    p.podIP ??= this.#ip(ordinal);
    p.ready = true;
    return this.#pod('MODIFIED', p);
  }

  podUnready(ordinal: number): this {
    const p = this.#get(ordinal);
    p.ready = false;
    return this.#pod('MODIFIED', p);
  }

  /** Created on `node`, then Running and Ready at the same instant. */
  podUp(ordinal: number, node = 'n1', opts: PodOptions = {}): this {
    return this.podCreated(ordinal, { ...opts, node }).podReady(ordinal);
  }

  /** restartCount + 1 (the container was restarted in place); not Ready until podReady. */
  podRestarted(ordinal: number): this {
    const p = this.#get(ordinal);
    p.restartCount += 1;
    p.ready = false;
    return this.#pod('MODIFIED', p);
  }

  /** metadata.deletionTimestamp set (graceful deletion requested). */
  podTerminating(ordinal: number, graceSeconds = 30): this {
    const p = this.#get(ordinal);
    p.deletionTimestamp = new Date(this.#now + graceSeconds * 1000).toISOString();
    p.grace = graceSeconds;
    return this.#pod('MODIFIED', p);
  }

  /** DELETED of the current incarnation. */
  podDeleted(ordinal: number): this {
    const p = this.#get(ordinal);
    p.deletionTimestamp ??= new Date(this.#now).toISOString();
    p.grace = 0;
    this.#pod('DELETED', p);
    this.#pods.delete(ordinal);
    return this;
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
    const uid = this.#uid('ev');
    return this.#object('Event', 'ADDED', `${p.name}.${uid}`, uid, {
      metadata: { name: `${p.name}.${uid}`, uid, namespace: this.target.namespace },
      involvedObject: { kind: 'Pod', name: p.name, namespace: this.target.namespace, uid: p.uid },
      reason,
      message,
      type: 'Normal',
      count: 1,
    });
  }

  // --- claims -----------------------------------------------------------------------------------------

  /** `T-S-i` for the first template. */
  claimName(ordinal: number, template = this.target.claimTemplates[0] ?? 'data'): string {
    return `${template}-${this.target.name}-${ordinal}`;
  }

  /** ADDED of a new claim object, Bound to `volumeName`. */
  claimBound(name: string, volumeName = `pv-${name}`, uid?: string): this {
    const c: ClaimState = { name, uid: uid ?? this.#uid(name), volumeName, phase: 'Bound' };
    this.#claims.set(name, c);
    return this.#claim('ADDED', c);
  }

  /** Claims `T-S-i` for every template, bound. */
  claimsFor(ordinal: number): this {
    for (const t of this.target.claimTemplates) this.claimBound(this.claimName(ordinal, t));
    return this;
  }

  claimRebound(name: string, volumeName: string): this {
    const c = this.#claim$(name);
    c.volumeName = volumeName;
    return this.#claim('MODIFIED', c);
  }

  claimTerminating(name: string): this {
    const c = this.#claim$(name);
    c.deletionTimestamp = new Date(this.#now).toISOString();
    return this.#claim('MODIFIED', c);
  }

  claimDeleted(name: string): this {
    const c = this.#claim$(name);
    c.deletionTimestamp ??= new Date(this.#now).toISOString();
    this.#claim('DELETED', c);
    this.#claims.delete(name);
    return this;
  }

  // --- nodes ------------------------------------------------------------------------------------------

  node(name: string): this {
    const n: NodeState = { name, uid: this.#uid(name), ready: 'True', unschedulable: false, taints: [] };
    this.#nodes.set(name, n);
    return this.#node('ADDED', n);
  }

  nodeNotReady(name: string, status: 'False' | 'Unknown' = 'Unknown'): this {
    const n = this.#node$(name);
    n.ready = status;
    return this.#node('MODIFIED', n);
  }

  nodeReady(name: string): this {
    const n = this.#node$(name);
    n.ready = 'True';
    return this.#node('MODIFIED', n);
  }

  nodeTaint(name: string, key: string, effect = 'NoExecute'): this {
    const n = this.#node$(name);
    n.taints.push({ key, effect });
    return this.#node('MODIFIED', n);
  }

  nodeUntaint(name: string, key: string): this {
    const n = this.#node$(name);
    n.taints = n.taints.filter((t) => t.key !== key);
    return this.#node('MODIFIED', n);
  }

  nodeCordoned(name: string, unschedulable = true): this {
    const n = this.#node$(name);
    n.unschedulable = unschedulable;
    return this.#node('MODIFIED', n);
  }

  nodeDeleted(name: string): this {
    const n = this.#node$(name);
    this.#nodes.delete(name);
    return this.#node('DELETED', n);
  }

  // --- StatefulSet, Service, EndpointSlice --------------------------------------------------------------

  /** ADDED (first call) or MODIFIED of the StatefulSet with the given changes. */
  statefulSet(changes: StatefulSetOptions = {}): this {
    const type: WatchType = this.#sts.created ? 'MODIFIED' : 'ADDED';
    this.#sts = { ...this.#sts, ...changes, created: true };
    return this.#object('StatefulSet', type, this.target.name, 'uid-sts', this.#stsSnapshot());
  }

  statefulSetDeleted(): this {
    return this.#object('StatefulSet', 'DELETED', this.target.name, 'uid-sts', this.#stsSnapshot(true));
  }

  service(opts: { name?: string; headless?: boolean; publishNotReadyAddresses?: boolean } = {}): this {
    const name = opts.name ?? this.target.serviceName;
    const svc: ServiceSnapshot = {
      metadata: { name, uid: `uid-svc-${name}`, namespace: this.target.namespace },
      spec: {
        clusterIP: opts.headless === false ? '10.96.0.10' : 'None',
        publishNotReadyAddresses: opts.publishNotReadyAddresses ?? false,
      },
    };
    return this.#object('Service', 'ADDED', name, svc.metadata.uid, svc);
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
    return this.#object('EndpointSlice', 'MODIFIED', slice, s.metadata.uid, s);
  }

  // --- marks and samples ------------------------------------------------------------------------------

  mark(mark: MarkType, fault?: string, opts: MarkOptions = {}): this {
    const m: MarkEntry = {
      seq: this.#seq++,
      at: this.#now,
      kind: 'mark',
      mark,
      ...(fault === undefined ? {} : { fault }),
      ...(opts.ordinal === undefined ? {} : { ordinal: opts.ordinal }),
      ...(opts.node === undefined ? {} : { node: opts.node }),
      ...(opts.details === undefined ? {} : { details: opts.details }),
    };
    this.#entries.push(m);
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

  /** A probe sample from the ordinal's current pod (or the last one, when it has none now). */
  sample(probe: ProbeKind, ordinal: number, value: string, ok = true, uid?: string): this {
    this.#entries.push({
      seq: this.#seq++,
      at: this.#now,
      kind: 'sample',
      probe,
      ordinal,
      pod: this.podName(ordinal),
      ...((uid ?? this.#pods.get(ordinal)?.uid) ? { uid: uid ?? this.#pods.get(ordinal)?.uid } : {}),
      value,
      ok,
    });
    return this;
  }

  /** The pod IP the ordinal's current incarnation has (or will get). */
  ipOf(ordinal: number): string {
    return this.#get(ordinal).podIP ?? this.#ip(ordinal);
  }

  build(endSeconds?: number): Timeline {
    return {
      target: this.target,
      startedAt: T0,
      endedAt: endSeconds === undefined ? this.#now : ts(endSeconds),
      entries: [...this.#entries],
    };
  }

  // --- internals --------------------------------------------------------------------------------------

  #uid(prefix: string): string {
    this.#uids += 1;
    return `uid-${prefix}-${this.#uids}`;
  }

  #ip(ordinal: number): string {
    return `10.0.${ordinal % 250}.${(this.#incarnations.get(ordinal) ?? 1) % 250}`;
  }

  #get(ordinal: number): PodState {
    const p = this.#pods.get(ordinal);
    if (!p) throw new Error(`builder: ordinal ${ordinal} has no pod at t=${(this.#now - T0) / 1000}s`);
    return p;
  }

  #claim$(name: string): ClaimState {
    const c = this.#claims.get(name);
    if (!c) throw new Error(`builder: no claim ${name}`);
    return c;
  }

  #node$(name: string): NodeState {
    const n = this.#nodes.get(name);
    if (!n) throw new Error(`builder: no node ${name}`);
    return n;
  }

  #object(
    resource: ObjectEntry['resource'],
    type: WatchType,
    name: string,
    uid: string,
    object: unknown,
  ): this {
    this.#rv += 1;
    this.#entries.push({
      seq: this.#seq++,
      at: this.#now,
      kind: 'object',
      type,
      resource,
      name,
      ...(resource === 'Node' || resource === 'PersistentVolume' ? {} : { namespace: this.target.namespace }),
      uid,
      resourceVersion: String(this.#rv),
      object,
    } as ObjectEntry);
    return this;
  }

  #pod(type: WatchType, p: PodState): this {
    const snapshot: PodSnapshot = {
      metadata: {
        name: p.name,
        uid: p.uid,
        namespace: this.target.namespace,
        labels: { ...p.labels },
        creationTimestamp: p.creationTimestamp,
        ...(p.deletionTimestamp
          ? { deletionTimestamp: p.deletionTimestamp, deletionGracePeriodSeconds: p.grace }
          : {}),
        ownerReferences: [{ kind: 'StatefulSet', name: this.target.name, uid: 'uid-sts', controller: true }],
      },
      spec: {
        ...(p.node ? { nodeName: p.node } : {}),
        hostname: p.hostname,
        subdomain: p.subdomain,
        volumes: p.claims.map((c, i) => ({ name: `vol${i}`, persistentVolumeClaim: { claimName: c } })),
      },
      status: {
        phase: p.phase,
        conditions: [
          { type: 'PodScheduled', status: p.scheduled ? 'True' : 'False' },
          { type: 'Ready', status: p.ready ? 'True' : 'False' },
        ],
        ...(p.podIP ? { podIP: p.podIP } : {}),
        containerStatuses: [{ name: 'app', ready: p.ready, restartCount: p.restartCount }],
      },
    };
    return this.#object('Pod', type, p.name, p.uid, snapshot);
  }

  #claim(type: WatchType, c: ClaimState): this {
    const snapshot: PvcSnapshot = {
      metadata: {
        name: c.name,
        uid: c.uid,
        namespace: this.target.namespace,
        ...(c.deletionTimestamp ? { deletionTimestamp: c.deletionTimestamp } : {}),
      },
      spec: c.volumeName ? { volumeName: c.volumeName } : {},
      status: { phase: c.phase },
    };
    return this.#object('PersistentVolumeClaim', type, c.name, c.uid, snapshot);
  }

  #node(type: WatchType, n: NodeState): this {
    const snapshot: NodeSnapshot = {
      metadata: { name: n.name, uid: n.uid },
      spec: { unschedulable: n.unschedulable, taints: n.taints.map((t) => ({ ...t })) },
      status: { conditions: [{ type: 'Ready', status: n.ready }] },
    };
    return this.#object('Node', type, n.name, n.uid, snapshot);
  }

  #stsSnapshot(deleting = false): StatefulSetSnapshot {
    const s = this.#sts;
    return {
      metadata: {
        name: this.target.name,
        uid: 'uid-sts',
        namespace: this.target.namespace,
        ...(deleting ? { deletionTimestamp: new Date(this.#now).toISOString() } : {}),
      },
      spec: {
        replicas: s.replicas,
        serviceName: this.target.serviceName,
        podManagementPolicy: s.podManagementPolicy,
        updateStrategy: {
          type: s.updateStrategy ?? 'RollingUpdate',
          ...(s.partition === undefined ? {} : { rollingUpdate: { partition: s.partition } }),
        },
        ordinals: { start: this.target.ordinalsStart },
        persistentVolumeClaimRetentionPolicy: {
          whenDeleted: s.whenDeleted ?? 'Retain',
          whenScaled: s.whenScaled ?? 'Retain',
        },
        volumeClaimTemplates: this.target.claimTemplates.map((name) => ({ metadata: { name } })),
      },
      status: { currentRevision: s.currentRevision, updateRevision: s.updateRevision },
    };
  }
}
