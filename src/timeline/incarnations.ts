import { getOrInsert } from './collections.ts';
import type {
  ConditionStatus,
  EndpointSliceEntry,
  EventEntry,
  MarkEntry,
  NodeEntry,
  PodEntry,
  PodManagementPolicy,
  ProbeKind,
  PvcEntry,
  PvEntry,
  RetentionAction,
  SampleEntry,
  ServiceEntry,
  StatefulSetEntry,
  Timeline,
  TimelineTarget,
} from './types.ts';

/**
 * What the checks read, derived from a timeline in one linear pass ({@link derive}). Computed once per
 * evaluation and shared by all checks: treat every part of it as read-only.
 */

/** A time span; `to` is absent while the span is still open at the end of the timeline. */
export interface Span {
  from: number;
  to?: number;
}

export interface RestartRecord {
  readonly at: number;
  readonly container: string;
  readonly from: number;
  readonly to: number;
}

/** A core Event about a pod (Scheduled, SuccessfulAttachVolume, Pulled, Started, Unhealthy, Killing ...). */
export interface PodEventRecord {
  readonly at: number;
  readonly reason: string;
  readonly message?: string;
}

/** One pod object (one UID) of an ordinal, from its first to its last watch event. */
export interface Incarnation {
  readonly ordinal: number;
  readonly name: string;
  readonly uid: string;
  /** `spec.nodeName` as last seen. */
  node?: string;
  /** When the first event of this UID was received. */
  readonly createdAt: number;
  readonly createdSeq: number;
  /** `metadata.creationTimestamp` (whole seconds). */
  creationTimestamp?: number;
  /** Created before recording started (so createdAt is when it was listed, not when it was made). */
  preexisting: boolean;
  /** First event with a node name or PodScheduled=True. */
  scheduledAt?: number;
  /** Each transition to Ready=True (the first event counts when already Ready). */
  readonly readyAt: number[];
  /** Each transition from Ready=True to not Ready while the object exists. */
  readonly unreadyAt: number[];
  /** Whether the last seen status was Ready=True. */
  ready: boolean;
  /** First event with phase Running. */
  runningAt?: number;
  phase?: string;
  /** First event with metadata.deletionTimestamp. */
  deletionRequestedAt?: number;
  deletionGracePeriodSeconds?: number;
  deletedAt?: number;
  deletedSeq?: number;
  hostname?: string;
  subdomain?: string;
  labels: Readonly<Record<string, string>>;
  /** claimName of every PVC volume, as last seen. */
  claims: readonly string[];
  /** Names of emptyDir volumes. */
  emptyDirs: readonly string[];
  /** Latest restartCount per container. */
  readonly restartCounts: Record<string, number>;
  /** Each observed increase of a container's restartCount. */
  readonly restarts: RestartRecord[];
  /** The `controller-revision-hash` label. */
  revision?: string;
  /** Each change of status.podIP. */
  readonly podIPs: { readonly at: number; readonly ip: string }[];
  readonly events: PodEventRecord[];
}

/** One PVC object (one UID) of a claim name `T-S-i`. */
export interface ClaimIncarnation {
  readonly name: string;
  readonly template: string;
  readonly ordinal: number;
  readonly uid: string;
  readonly createdAt: number;
  readonly createdSeq: number;
  volumeName?: string;
  /** Each change of spec.volumeName after it was first set (a rebinding; should never happen). */
  readonly volumeChanges: { readonly at: number; readonly from: string; readonly to: string }[];
  boundAt?: number;
  phase?: string;
  deletionRequestedAt?: number;
  deletedAt?: number;
  deletedSeq?: number;
}

export interface VolumeHistory {
  readonly name: string;
  readonly uid: string;
  claimName?: string;
  claimUid?: string;
  phase?: string;
  reclaimPolicy?: string;
  readonly createdAt: number;
  deletedAt?: number;
}

export interface NotReadySpan extends Span {
  /** The Ready condition while not ready, as last seen in the span ('False' or 'Unknown'; 'Missing' if absent). */
  status: Exclude<ConditionStatus, 'True'> | 'Missing';
}

export interface TaintSpan extends Span {
  readonly key: string;
  readonly effect: string;
  readonly value?: string;
}

export interface NodeHistory {
  readonly name: string;
  readonly createdAt: number;
  /** Spans with Ready not True, in order. */
  readonly notReady: NotReadySpan[];
  readonly unschedulable: Span[];
  readonly taints: TaintSpan[];
  /** Each DELETED event of the Node object (it may register again). */
  readonly deletions: number[];
  /** Spans during which the Node object existed. */
  readonly present: Span[];
  /** Ready as last seen. */
  ready: boolean;
}

/** The StatefulSet's spec fields the checks read, with defaults applied. */
export interface StatefulSetSpecView {
  readonly replicas: number;
  readonly serviceName: string;
  readonly podManagementPolicy: PodManagementPolicy;
  readonly updateStrategy: 'RollingUpdate' | 'OnDelete';
  readonly partition: number;
  readonly maxUnavailable?: number | string;
  readonly ordinalsStart: number;
  readonly whenDeleted: RetentionAction;
  readonly whenScaled: RetentionAction;
  readonly claimTemplates: readonly string[];
}

export interface StatefulSetStatusView {
  readonly at: number;
  readonly currentRevision?: string;
  readonly updateRevision?: string;
  readonly readyReplicas?: number;
}

export interface StatefulSetHistory {
  /** Each change of the spec view, first one when the object is first seen. */
  readonly specs: { readonly at: number; readonly spec: StatefulSetSpecView }[];
  /** Each change of currentRevision/updateRevision. */
  readonly revisions: StatefulSetStatusView[];
  deletionRequestedAt?: number;
  deletedAt?: number;
}

export interface ServiceHistory {
  readonly name: string;
  readonly createdAt: number;
  headless: boolean;
  publishNotReadyAddresses: boolean;
  deletedAt?: number;
}

/** Whether a pod is a ready endpoint of one Service, as transitions. */
export interface EndpointHistory {
  readonly podName: string;
  readonly transitions: { readonly at: number; readonly ready: boolean }[];
}

/** A fault-start mark paired with its fault-end and revert marks. */
export interface FaultSpan {
  readonly fault: string;
  readonly startedAt: number;
  readonly startSeq: number;
  readonly ordinal?: number;
  /** The mark's node, or details.node. */
  readonly node?: string;
  readonly details: Readonly<Record<string, unknown>>;
  endedAt?: number;
  revertedAt?: number;
}

export interface Derived {
  readonly target: TimelineTarget;
  readonly startedAt: number;
  readonly endedAt: number;
  /** Incarnations of each ordinal in creation order. */
  readonly ordinals: ReadonlyMap<number, readonly Incarnation[]>;
  readonly byUid: ReadonlyMap<string, Incarnation>;
  /** Pods controlled by the target StatefulSet whose name is not `S-<ordinal>`. */
  readonly foreignPods: readonly { readonly name: string; readonly uid: string; readonly at: number }[];
  /** Incarnations of each claim name `T-S-i`, in creation order. */
  readonly claims: ReadonlyMap<string, readonly ClaimIncarnation[]>;
  /** PersistentVolumes whose claimRef names one of the target's claims. */
  readonly volumes: ReadonlyMap<string, VolumeHistory>;
  readonly nodes: ReadonlyMap<string, NodeHistory>;
  readonly statefulSet: StatefulSetHistory;
  readonly services: ReadonlyMap<string, ServiceHistory>;
  /** Service name → pod UID → ready-endpoint history. */
  readonly endpoints: ReadonlyMap<string, ReadonlyMap<string, EndpointHistory>>;
  readonly marks: readonly MarkEntry[];
  /** In order of their start. */
  readonly faults: readonly FaultSpan[];
  readonly samples: Readonly<Record<ProbeKind, readonly SampleEntry[]>>;
}

// ------------------------------------------------------------------------------------------------------

const ORDINAL_RE = /^(0|[1-9]\d*)$/;

/** The ordinal of `name` when it is `<prefix><n>`, else undefined. */
export function parseOrdinal(name: string, prefix: string): number | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  return ORDINAL_RE.test(rest) ? Number(rest) : undefined;
}

function parseTime(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

function conditionStatus(
  conditions: readonly { type: string; status: ConditionStatus }[] | undefined,
  type: string,
): ConditionStatus | undefined {
  if (!conditions) return undefined;
  for (const c of conditions) if (c.type === type) return c.status;
  return undefined;
}

interface SliceMember {
  ready: boolean;
  /** The slice version that last listed it. */
  gen: number;
}

interface Builders {
  readonly ordinals: Map<number, Incarnation[]>;
  readonly byUid: Map<string, Incarnation>;
  readonly pendingEvents: Map<string, PodEventRecord[]>;
  readonly claims: Map<string, ClaimIncarnation[]>;
  readonly claimsByUid: Map<string, ClaimIncarnation>;
  readonly volumes: Map<string, VolumeHistory>;
  readonly nodes: Map<string, NodeHistory>;
  readonly services: Map<string, ServiceHistory>;
  readonly endpoints: Map<string, Map<string, EndpointHistory>>;
  /** slice name → its pods as of its last version. */
  readonly slices: Map<string, { service: string; gen: number; members: Map<string, SliceMember> }>;
  /** service → pod uid → number of slices listing it ready. */
  readonly readyCounts: Map<string, Map<string, number>>;
  readonly foreignPods: { name: string; uid: string; at: number }[];
  readonly statefulSet: StatefulSetHistory;
  readonly faults: FaultSpan[];
  readonly openFaults: FaultSpan[];
  readonly marks: MarkEntry[];
  readonly samples: Record<ProbeKind, SampleEntry[]>;
}

/** Derives incarnations and histories from a timeline, in one pass over its entries (O(entries)). */
export function derive(timeline: Timeline): Derived {
  const { target } = timeline;
  const b: Builders = {
    ordinals: new Map(),
    byUid: new Map(),
    pendingEvents: new Map(),
    claims: new Map(),
    claimsByUid: new Map(),
    volumes: new Map(),
    nodes: new Map(),
    services: new Map(),
    endpoints: new Map(),
    slices: new Map(),
    readyCounts: new Map(),
    foreignPods: [],
    statefulSet: { specs: [], revisions: [] },
    faults: [],
    openFaults: [],
    marks: [],
    samples: { role: [], marker: [], dns: [], data: [] },
  };
  const podPrefix = `${target.name}-`;
  const claimPrefixes = target.claimTemplates.map((t) => ({ template: t, prefix: `${t}-${target.name}-` }));
  const ns = target.namespace;
  let lastAt = timeline.startedAt;

  for (const e of timeline.entries) {
    lastAt = e.at;
    if (e.kind === 'mark') {
      onMark(b, e);
      continue;
    }
    if (e.kind === 'sample') {
      b.samples[e.probe].push(e);
      continue;
    }
    if (
      e.namespace !== undefined &&
      e.namespace !== ns &&
      e.resource !== 'Node' &&
      e.resource !== 'PersistentVolume'
    )
      continue;
    switch (e.resource) {
      case 'Pod': {
        const ordinal = parseOrdinal(e.name, podPrefix);
        if (ordinal === undefined) noteForeignPod(b, e, target.name);
        else onPod(b, e, ordinal, timeline.startedAt);
        break;
      }
      case 'PersistentVolumeClaim':
        for (const { template, prefix } of claimPrefixes) {
          const ordinal = parseOrdinal(e.name, prefix);
          if (ordinal !== undefined) {
            onClaim(b, e, template, ordinal);
            break;
          }
        }
        break;
      case 'PersistentVolume':
        onVolume(b, e, ns, claimPrefixes);
        break;
      case 'Node':
        onNode(b, e);
        break;
      case 'StatefulSet':
        if (e.name === target.name) onStatefulSet(b, e, target);
        break;
      case 'Service':
        onService(b, e);
        break;
      case 'EndpointSlice':
        onEndpointSlice(b, e, podPrefix);
        break;
      case 'Event':
        onEvent(b, e, podPrefix);
        break;
    }
  }

  return {
    target,
    startedAt: timeline.startedAt,
    endedAt: Math.max(timeline.endedAt ?? lastAt, lastAt),
    ordinals: b.ordinals,
    byUid: b.byUid,
    foreignPods: b.foreignPods,
    claims: b.claims,
    volumes: b.volumes,
    nodes: b.nodes,
    statefulSet: b.statefulSet,
    services: b.services,
    endpoints: b.endpoints,
    marks: b.marks,
    faults: b.faults,
    samples: b.samples,
  };
}

// --- pods ----------------------------------------------------------------------------------------------

function noteForeignPod(b: Builders, e: PodEntry, setName: string): void {
  const owners = e.object.metadata.ownerReferences;
  if (e.type !== 'ADDED' || !owners) return;
  if (owners.some((o) => o.kind === 'StatefulSet' && o.name === setName))
    b.foreignPods.push({ name: e.name, uid: e.uid, at: e.at });
}

function onPod(b: Builders, e: PodEntry, ordinal: number, startedAt: number): void {
  let inc = b.byUid.get(e.uid);
  const pod = e.object;
  if (!inc) {
    const creationTimestamp = parseTime(pod.metadata.creationTimestamp);
    inc = {
      ordinal,
      name: e.name,
      uid: e.uid,
      createdAt: e.at,
      createdSeq: e.seq,
      creationTimestamp,
      // creationTimestamp has whole seconds: the pod certainly predates recording when ct + 1 s <= start.
      preexisting: creationTimestamp !== undefined && creationTimestamp + 1000 <= startedAt,
      readyAt: [],
      unreadyAt: [],
      ready: false,
      labels: {},
      claims: [],
      emptyDirs: [],
      restartCounts: {},
      restarts: [],
      podIPs: [],
      events: b.pendingEvents.get(e.uid) ?? [],
    };
    b.pendingEvents.delete(e.uid);
    b.byUid.set(e.uid, inc);
    getOrInsert(b.ordinals, ordinal, () => []).push(inc);
  } else if (inc.deletedAt !== undefined) {
    return; // nothing after DELETED belongs to this incarnation
  }

  const { metadata, spec, status } = pod;
  if (metadata.labels) {
    inc.labels = metadata.labels;
    inc.revision = metadata.labels['controller-revision-hash'];
  }
  if (spec.nodeName) inc.node = spec.nodeName;
  if (spec.hostname !== undefined) inc.hostname = spec.hostname;
  if (spec.subdomain !== undefined) inc.subdomain = spec.subdomain;
  if (spec.volumes) {
    const claims: string[] = [];
    const emptyDirs: string[] = [];
    for (const v of spec.volumes) {
      if (v.persistentVolumeClaim) claims.push(v.persistentVolumeClaim.claimName);
      if (v.emptyDir) emptyDirs.push(v.name);
    }
    inc.claims = claims;
    inc.emptyDirs = emptyDirs;
  }
  if (
    inc.scheduledAt === undefined &&
    (spec.nodeName || conditionStatus(status.conditions, 'PodScheduled') === 'True')
  )
    inc.scheduledAt = e.at;
  if (status.phase) inc.phase = status.phase;
  if (inc.runningAt === undefined && status.phase === 'Running') inc.runningAt = e.at;
  if (status.podIP && inc.podIPs.at(-1)?.ip !== status.podIP) inc.podIPs.push({ at: e.at, ip: status.podIP });
  if (status.containerStatuses) {
    for (const c of status.containerStatuses) {
      const before = inc.restartCounts[c.name];
      if (before !== undefined && c.restartCount > before)
        inc.restarts.push({ at: e.at, container: c.name, from: before, to: c.restartCount });
      inc.restartCounts[c.name] = c.restartCount;
    }
  }
  if (metadata.deletionTimestamp !== undefined && inc.deletionRequestedAt === undefined)
    inc.deletionRequestedAt = e.at;
  if (metadata.deletionGracePeriodSeconds !== undefined)
    inc.deletionGracePeriodSeconds = metadata.deletionGracePeriodSeconds;

  const ready = conditionStatus(status.conditions, 'Ready') === 'True';
  if (ready && !inc.ready) inc.readyAt.push(e.at);
  else if (!ready && inc.ready && e.type !== 'DELETED') inc.unreadyAt.push(e.at);
  inc.ready = ready;

  if (e.type === 'DELETED') {
    inc.deletedAt = e.at;
    inc.deletedSeq = e.seq;
    if (inc.deletionRequestedAt === undefined) inc.deletionRequestedAt = e.at;
  }
}

function onEvent(b: Builders, e: EventEntry, podPrefix: string): void {
  if (e.type === 'DELETED') return; // events expire; their deletion says nothing
  const io = e.object.involvedObject;
  if (io.kind !== 'Pod' || !io.uid || !io.name || !e.object.reason) return;
  if (parseOrdinal(io.name, podPrefix) === undefined) return;
  const record: PodEventRecord = { at: e.at, reason: e.object.reason, message: e.object.message };
  const inc = b.byUid.get(io.uid);
  if (inc) inc.events.push(record);
  else {
    getOrInsert(b.pendingEvents, io.uid, () => []).push(record);
  }
}

// --- claims and volumes ----------------------------------------------------------------------------------

function onClaim(b: Builders, e: PvcEntry, template: string, ordinal: number): void {
  let claim = b.claimsByUid.get(e.uid);
  if (!claim) {
    claim = {
      name: e.name,
      template,
      ordinal,
      uid: e.uid,
      createdAt: e.at,
      createdSeq: e.seq,
      volumeChanges: [],
    };
    b.claimsByUid.set(e.uid, claim);
    getOrInsert(b.claims, e.name, () => []).push(claim);
  } else if (claim.deletedAt !== undefined) {
    return;
  }
  const pvc = e.object;
  const volumeName = pvc.spec.volumeName;
  if (volumeName) {
    if (claim.volumeName && claim.volumeName !== volumeName)
      claim.volumeChanges.push({ at: e.at, from: claim.volumeName, to: volumeName });
    claim.volumeName = volumeName;
  }
  if (pvc.status.phase) claim.phase = pvc.status.phase;
  if (claim.boundAt === undefined && pvc.status.phase === 'Bound') claim.boundAt = e.at;
  if (pvc.metadata.deletionTimestamp !== undefined && claim.deletionRequestedAt === undefined)
    claim.deletionRequestedAt = e.at;
  if (e.type === 'DELETED') {
    claim.deletedAt = e.at;
    claim.deletedSeq = e.seq;
    if (claim.deletionRequestedAt === undefined) claim.deletionRequestedAt = e.at;
  }
}

function onVolume(
  b: Builders,
  e: PvEntry,
  namespace: string,
  claimPrefixes: readonly { template: string; prefix: string }[],
): void {
  let pv = b.volumes.get(e.name);
  const ref = e.object.spec.claimRef;
  if (!pv) {
    if (!ref?.name || (ref.namespace !== undefined && ref.namespace !== namespace)) return;
    const claimName = ref.name;
    if (!claimPrefixes.some((p) => parseOrdinal(claimName, p.prefix) !== undefined)) return;
    pv = { name: e.name, uid: e.uid, createdAt: e.at };
    b.volumes.set(e.name, pv);
  }
  if (ref?.name) pv.claimName = ref.name;
  if (ref?.uid) pv.claimUid = ref.uid;
  if (e.object.status.phase) pv.phase = e.object.status.phase;
  if (e.object.spec.persistentVolumeReclaimPolicy)
    pv.reclaimPolicy = e.object.spec.persistentVolumeReclaimPolicy;
  if (e.type === 'DELETED') pv.deletedAt = e.at;
}

// --- nodes -----------------------------------------------------------------------------------------------

function onNode(b: Builders, e: NodeEntry): void {
  let node = b.nodes.get(e.name);
  if (!node) {
    node = {
      name: e.name,
      createdAt: e.at,
      notReady: [],
      unschedulable: [],
      taints: [],
      deletions: [],
      present: [],
      ready: true,
    };
    b.nodes.set(e.name, node);
  }
  const at = e.at;
  const presence = node.present.at(-1);
  if (e.type === 'DELETED') {
    node.deletions.push(at);
    if (presence && presence.to === undefined) presence.to = at;
    closeOpen(node.notReady, at);
    closeOpen(node.unschedulable, at);
    closeOpen(node.taints, at);
    node.ready = false;
    return;
  }
  if (!presence || presence.to !== undefined) {
    node.present.push({ from: at });
    node.ready = true; // a (re)registered node is Ready until its status says otherwise
  }
  const { spec, status } = e.object;

  const readyStatus = conditionStatus(status.conditions, 'Ready');
  const ready = readyStatus === 'True';
  const lastNotReady = node.notReady.at(-1);
  const open = lastNotReady && lastNotReady.to === undefined ? lastNotReady : undefined;
  if (ready) {
    if (open) open.to = at;
  } else {
    const s = readyStatus ?? 'Missing';
    if (open) open.status = s as NotReadySpan['status'];
    else node.notReady.push({ from: at, status: s as NotReadySpan['status'] });
  }
  node.ready = ready;

  const lastUnsched = node.unschedulable.at(-1);
  const unschedOpen = lastUnsched && lastUnsched.to === undefined;
  if (spec.unschedulable && !unschedOpen) node.unschedulable.push({ from: at });
  else if (!spec.unschedulable && unschedOpen && lastUnsched) lastUnsched.to = at;

  const now = spec.taints ?? [];
  for (const t of node.taints) {
    if (t.to === undefined && !now.some((n) => n.key === t.key && n.effect === t.effect)) t.to = at;
  }
  for (const n of now) {
    if (!node.taints.some((t) => t.to === undefined && t.key === n.key && t.effect === n.effect))
      node.taints.push({ key: n.key, effect: n.effect, value: n.value, from: at });
  }
}

function closeOpen(spans: Span[], at: number): void {
  for (const s of spans) if (s.to === undefined) s.to = at;
}

// --- StatefulSet, Service, EndpointSlice ------------------------------------------------------------------

function specView(e: StatefulSetEntry, target: TimelineTarget): StatefulSetSpecView {
  const s = e.object.spec;
  const templates = s.volumeClaimTemplates?.map((t) => t.metadata.name);
  return {
    replicas: s.replicas ?? 1,
    serviceName: s.serviceName ?? target.serviceName,
    podManagementPolicy: s.podManagementPolicy ?? 'OrderedReady',
    updateStrategy: s.updateStrategy?.type ?? 'RollingUpdate',
    partition: s.updateStrategy?.rollingUpdate?.partition ?? 0,
    maxUnavailable: s.updateStrategy?.rollingUpdate?.maxUnavailable,
    ordinalsStart: s.ordinals?.start ?? 0,
    whenDeleted: s.persistentVolumeClaimRetentionPolicy?.whenDeleted ?? 'Retain',
    whenScaled: s.persistentVolumeClaimRetentionPolicy?.whenScaled ?? 'Retain',
    claimTemplates: templates ?? target.claimTemplates,
  };
}

function sameSpec(a: StatefulSetSpecView, b: StatefulSetSpecView): boolean {
  return (
    a.replicas === b.replicas &&
    a.serviceName === b.serviceName &&
    a.podManagementPolicy === b.podManagementPolicy &&
    a.updateStrategy === b.updateStrategy &&
    a.partition === b.partition &&
    a.maxUnavailable === b.maxUnavailable &&
    a.ordinalsStart === b.ordinalsStart &&
    a.whenDeleted === b.whenDeleted &&
    a.whenScaled === b.whenScaled &&
    a.claimTemplates.join('\0') === b.claimTemplates.join('\0')
  );
}

function onStatefulSet(b: Builders, e: StatefulSetEntry, target: TimelineTarget): void {
  const h = b.statefulSet;
  if (e.type === 'DELETED') {
    h.deletedAt = e.at;
    if (h.deletionRequestedAt === undefined) h.deletionRequestedAt = e.at;
    return;
  }
  const spec = specView(e, target);
  const last = h.specs.at(-1);
  if (!last || !sameSpec(last.spec, spec)) h.specs.push({ at: e.at, spec });
  const st = e.object.status;
  const lastRev = h.revisions.at(-1);
  if (
    !lastRev ||
    lastRev.currentRevision !== st.currentRevision ||
    lastRev.updateRevision !== st.updateRevision
  )
    h.revisions.push({
      at: e.at,
      currentRevision: st.currentRevision,
      updateRevision: st.updateRevision,
      readyReplicas: st.readyReplicas,
    });
  if (e.object.metadata.deletionTimestamp !== undefined && h.deletionRequestedAt === undefined)
    h.deletionRequestedAt = e.at;
}

function onService(b: Builders, e: ServiceEntry): void {
  let s = b.services.get(e.name);
  if (!s || s.deletedAt !== undefined) {
    s = { name: e.name, createdAt: e.at, headless: false, publishNotReadyAddresses: false };
    b.services.set(e.name, s);
  }
  s.headless = e.object.spec.clusterIP === 'None';
  s.publishNotReadyAddresses = e.object.spec.publishNotReadyAddresses === true;
  if (e.type === 'DELETED') s.deletedAt = e.at;
}

function onEndpointSlice(b: Builders, e: EndpointSliceEntry, podPrefix: string): void {
  const service = e.object.metadata.labels?.['kubernetes.io/service-name'];
  if (!service) return;
  // The slice's members are updated in place; members not seen in this version (older generation) left it.
  const slice = getOrInsert(b.slices, e.name, () => ({
    service,
    gen: 0,
    members: new Map<string, SliceMember>(),
  }));
  const gen = ++slice.gen;
  const perService = getOrInsert(b.endpoints, service, () => new Map<string, EndpointHistory>());
  const counts = getOrInsert(b.readyCounts, service, () => new Map<string, number>());
  /** Adds delta to the pod's count of slices listing it ready; records a transition when that changes it. */
  const apply = (uid: string, name: string, delta: number) => {
    const count = (counts.get(uid) ?? 0) + delta;
    counts.set(uid, count);
    const h = getOrInsert(perService, uid, () => ({ podName: name, transitions: [] }));
    const last = h.transitions.at(-1);
    const now = count > 0;
    if (!last || last.ready !== now) h.transitions.push({ at: e.at, ready: now });
  };
  if (e.type !== 'DELETED') {
    for (const ep of e.object.endpoints ?? []) {
      const ref = ep.targetRef;
      if (ref?.kind !== 'Pod' || !ref.uid || !ref.name) continue;
      if (!b.byUid.has(ref.uid) && parseOrdinal(ref.name, podPrefix) === undefined) continue;
      // An absent ready condition means ready (EndpointSlice API).
      const ready = ep.conditions?.ready !== false;
      const member = slice.members.get(ref.uid);
      if (!member) {
        slice.members.set(ref.uid, { ready, gen });
        apply(ref.uid, ref.name, ready ? 1 : 0);
      } else {
        if (member.ready !== ready) apply(ref.uid, ref.name, ready ? 1 : -1);
        member.ready = ready;
        member.gen = gen;
      }
    }
  }
  for (const [uid, member] of slice.members) {
    if (member.gen === gen) continue;
    if (member.ready) apply(uid, uid, -1);
    slice.members.delete(uid);
  }
  if (e.type === 'DELETED') b.slices.delete(e.name);
}

// --- marks -----------------------------------------------------------------------------------------------

function onMark(b: Builders, m: MarkEntry): void {
  b.marks.push(m);
  if (m.mark === 'fault-start') {
    const details = m.details ?? {};
    const node = m.node ?? (typeof details.node === 'string' ? details.node : undefined);
    const span: FaultSpan = {
      fault: m.fault ?? 'unknown',
      startedAt: m.at,
      startSeq: m.seq,
      ordinal: m.ordinal,
      node,
      details,
    };
    b.faults.push(span);
    b.openFaults.push(span);
    return;
  }
  if (m.mark !== 'fault-end' && m.mark !== 'revert') return;
  const isEnd = m.mark === 'fault-end';
  const i = b.openFaults.findIndex(
    (s) =>
      (isEnd ? s.endedAt === undefined : s.revertedAt === undefined) &&
      (m.fault === undefined || s.fault === m.fault) &&
      (m.ordinal === undefined || s.ordinal === m.ordinal) &&
      (m.node === undefined || s.node === m.node),
  );
  const span = b.openFaults[i];
  if (!span) return;
  if (isEnd) span.endedAt = m.at;
  else span.revertedAt = m.at;
  if (span.revertedAt !== undefined) b.openFaults.splice(i, 1);
}
