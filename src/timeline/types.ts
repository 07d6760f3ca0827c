/**
 * The recorded timeline of a run: every watch event of the target's objects, every mark the engine made
 * (faults, reverts, steps) and every probe sample, in the order they were received.
 *
 * Objects are trimmed snapshots: only the fields the checks read are kept, in their JSON (API) form, so
 * timestamps are RFC 3339 strings as the API server sends them. A full API object in JSON form is
 * structurally a superset of each snapshot.
 */
import type { ContainerState } from '../kube/objects.ts';

/** Milliseconds since the epoch. */
export type EpochMillis = number;

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

export type ResourceKind =
  | 'Pod'
  | 'PersistentVolumeClaim'
  | 'PersistentVolume'
  | 'Node'
  | 'EndpointSlice'
  | 'Event'
  | 'StatefulSet'
  | 'Service';

export type PodManagementPolicy = 'OrderedReady' | 'Parallel';
export type ConditionStatus = 'True' | 'False' | 'Unknown';
export type RetentionAction = 'Retain' | 'Delete';

export interface OwnerReferenceSnapshot {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller?: boolean;
}

export interface ObjectMetaSnapshot {
  readonly name: string;
  readonly uid: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly creationTimestamp?: string;
  readonly deletionTimestamp?: string;
  readonly deletionGracePeriodSeconds?: number;
  readonly ownerReferences?: readonly OwnerReferenceSnapshot[];
  readonly generation?: number;
}

export interface ConditionSnapshot {
  readonly type: string;
  readonly status: ConditionStatus;
  readonly lastTransitionTime?: string;
  readonly reason?: string;
}

// --- Pod ---------------------------------------------------------------------------------------------

export interface PodVolumeSnapshot {
  readonly name: string;
  readonly persistentVolumeClaim?: { readonly claimName: string };
  readonly emptyDir?: Readonly<Record<string, unknown>>;
}

/** A container's state, kept as the API gives it (the same fields the engine reads of live pods). */
export type ContainerStateSnapshot = ContainerState;

export interface ContainerStatusSnapshot {
  readonly name: string;
  readonly ready: boolean;
  readonly restartCount: number;
  readonly state?: ContainerStateSnapshot;
  readonly containerID?: string;
}

export interface PodSnapshot {
  readonly metadata: ObjectMetaSnapshot;
  readonly spec: {
    readonly nodeName?: string;
    readonly hostname?: string;
    readonly subdomain?: string;
    readonly volumes?: readonly PodVolumeSnapshot[];
  };
  readonly status: {
    readonly phase?: string;
    readonly conditions?: readonly ConditionSnapshot[];
    readonly podIP?: string;
    readonly containerStatuses?: readonly ContainerStatusSnapshot[];
  };
}

// --- Claims and volumes ------------------------------------------------------------------------------

export interface PvcSnapshot {
  readonly metadata: ObjectMetaSnapshot;
  readonly spec: { readonly volumeName?: string; readonly storageClassName?: string };
  readonly status: { readonly phase?: string };
}

export interface PvSnapshot {
  readonly metadata: ObjectMetaSnapshot;
  readonly spec: {
    readonly claimRef?: { readonly name?: string; readonly namespace?: string; readonly uid?: string };
    readonly persistentVolumeReclaimPolicy?: string;
    readonly nodeAffinity?: unknown;
  };
  readonly status: { readonly phase?: string };
}

// --- Node ----------------------------------------------------------------------------------------------

export interface TaintSnapshot {
  readonly key: string;
  readonly value?: string;
  readonly effect: string;
}

export interface NodeSnapshot {
  readonly metadata: ObjectMetaSnapshot;
  readonly spec: { readonly unschedulable?: boolean; readonly taints?: readonly TaintSnapshot[] };
  readonly status: { readonly conditions?: readonly ConditionSnapshot[] };
}

// --- StatefulSet and Service ---------------------------------------------------------------------------

export interface StatefulSetSnapshot {
  readonly metadata: ObjectMetaSnapshot;
  readonly spec: {
    readonly replicas?: number;
    readonly serviceName?: string;
    readonly podManagementPolicy?: PodManagementPolicy;
    readonly updateStrategy?: {
      readonly type?: 'RollingUpdate' | 'OnDelete';
      readonly rollingUpdate?: { readonly partition?: number; readonly maxUnavailable?: number | string };
    };
    readonly ordinals?: { readonly start?: number };
    readonly persistentVolumeClaimRetentionPolicy?: {
      readonly whenDeleted?: RetentionAction;
      readonly whenScaled?: RetentionAction;
    };
    /** Only the names of the templates are kept. */
    readonly volumeClaimTemplates?: readonly { readonly metadata: { readonly name: string } }[];
  };
  readonly status: {
    readonly replicas?: number;
    readonly readyReplicas?: number;
    readonly currentRevision?: string;
    readonly updateRevision?: string;
    readonly observedGeneration?: number;
  };
}

export interface ServiceSnapshot {
  readonly metadata: ObjectMetaSnapshot;
  readonly spec: { readonly clusterIP?: string; readonly publishNotReadyAddresses?: boolean };
}

export interface EndpointSnapshot {
  readonly addresses: readonly string[];
  readonly conditions?: {
    readonly ready?: boolean;
    readonly serving?: boolean;
    readonly terminating?: boolean;
  };
  readonly targetRef?: { readonly kind?: string; readonly name?: string; readonly uid?: string };
  readonly hostname?: string;
  readonly nodeName?: string;
}

/** The owning Service is the label `kubernetes.io/service-name`. */
export interface EndpointSliceSnapshot {
  readonly metadata: ObjectMetaSnapshot;
  readonly endpoints?: readonly EndpointSnapshot[];
}

/** A core/v1 (or events.k8s.io/v1, mapped to these fields) Event. */
export interface EventSnapshot {
  readonly metadata: ObjectMetaSnapshot;
  readonly involvedObject: {
    readonly kind?: string;
    readonly name?: string;
    readonly namespace?: string;
    readonly uid?: string;
  };
  readonly reason?: string;
  readonly message?: string;
  readonly type?: string;
  readonly count?: number;
}

// --- Entries ---------------------------------------------------------------------------------------------

interface ObjectEntryOf<R extends ResourceKind, O> {
  /** Monotonic, assigned by the recorder; entries are ordered by it. */
  readonly seq: number;
  /** When the watch event was received. Never decreases along `seq`. */
  readonly at: EpochMillis;
  readonly kind: 'object';
  readonly type: WatchType;
  readonly resource: R;
  readonly name: string;
  readonly namespace?: string;
  readonly uid: string;
  readonly resourceVersion: string;
  readonly object: O;
}

export type PodEntry = ObjectEntryOf<'Pod', PodSnapshot>;
export type PvcEntry = ObjectEntryOf<'PersistentVolumeClaim', PvcSnapshot>;
export type PvEntry = ObjectEntryOf<'PersistentVolume', PvSnapshot>;
export type NodeEntry = ObjectEntryOf<'Node', NodeSnapshot>;
export type EndpointSliceEntry = ObjectEntryOf<'EndpointSlice', EndpointSliceSnapshot>;
export type EventEntry = ObjectEntryOf<'Event', EventSnapshot>;
export type StatefulSetEntry = ObjectEntryOf<'StatefulSet', StatefulSetSnapshot>;
export type ServiceEntry = ObjectEntryOf<'Service', ServiceSnapshot>;

export type ObjectEntry =
  | PodEntry
  | PvcEntry
  | PvEntry
  | NodeEntry
  | EndpointSliceEntry
  | EventEntry
  | StatefulSetEntry
  | ServiceEntry;

/**
 * - `fault-start`: the fault is about to act (it has registered its revert).
 * - `fault-end`: the fault's action is over (node restored, SIGCONT sent, heal command run).
 * - `revert`: the ledger ran the revert (on success, failure, SIGTERM or after a crash).
 * - `step`: a scenario step (scale, update, marker write, ...); `details.step` names it.
 * - `note`: anything else, including observations (see {@link NodeContainersObservation}).
 */
export type MarkType = 'fault-start' | 'fault-end' | 'revert' | 'step' | 'note';

export interface MarkEntry {
  readonly seq: number;
  readonly at: EpochMillis;
  readonly kind: 'mark';
  readonly mark: MarkType;
  /** The fault's name, one of {@link FaultName} for the built-in faults. */
  readonly fault?: string;
  readonly ordinal?: number;
  readonly node?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Names of the built-in faults as written in marks. */
export type FaultName =
  | 'pod-kill'
  | 'process-kill'
  | 'node-cordon'
  | 'node-drain'
  | 'claim-deletion'
  | 'probe-breakage'
  | 'node-loss';

/**
 * `details` of a `node-loss` fault-start mark. `containersLeftRunning` says whether the fault leaves the
 * node's containers running (lab: kubelet stopped) or really stops them (node shut down).
 */
export interface NodeLossDetails {
  readonly node: string;
  readonly containersLeftRunning: boolean;
}

/** `details` of a `probe-breakage` fault-start mark. */
export interface ProbeBreakageDetails {
  readonly probe: 'readiness' | 'liveness';
}

/** `details.step` of the step mark made after (re)writing the VOL-3 markers: reads after it are the new baseline. */
export const MARKER_WRITE_STEP = 'marker-write';

/**
 * `details.step` of the step mark made after the user's data check wrote (`details.seq`, `details.ok`:
 * acknowledged or not, `details.error` when not). Its `verify` runs after recovery against the highest
 * acknowledged sequence number.
 */
export const DATA_WRITE_STEP = 'data-write';

/**
 * `details` of a `note` mark recording which pods' containers were seen running on a node (for example
 * `crictl pods` in the lab). SB-3 uses it as direct evidence that an old incarnation's containers are gone.
 */
export interface NodeContainersObservation {
  readonly observation: 'node-containers';
  readonly podUids: readonly string[];
}

export type ProbeKind = 'role' | 'marker' | 'dns' | 'data';

/**
 * One probe result: SB-4 role query output, VOL-3 marker read, VOL-3 data check verify (value: what it
 * printed; `ok` is its exit status), ID-3 DNS lookup (value: the resolved addresses, comma or space
 * separated). `ok` is false when the probe itself failed (exec error, NXDOMAIN);
 * `value` then holds the error.
 */
export interface SampleEntry {
  readonly seq: number;
  readonly at: EpochMillis;
  readonly kind: 'sample';
  readonly probe: ProbeKind;
  readonly ordinal: number;
  readonly pod: string;
  readonly uid?: string;
  readonly value: string;
  readonly ok: boolean;
}

export type Entry = ObjectEntry | MarkEntry | SampleEntry;

export interface TimelineTarget {
  readonly namespace: string;
  /** The StatefulSet's name. */
  readonly name: string;
  /** The governing (headless) Service, `spec.serviceName`. */
  readonly serviceName: string;
  readonly replicas: number;
  readonly ordinalsStart: number;
  readonly podManagementPolicy: PodManagementPolicy;
  /** Names of the volumeClaimTemplates. */
  readonly claimTemplates: readonly string[];
}

export interface Timeline {
  readonly target: TimelineTarget;
  readonly startedAt: EpochMillis;
  /** When recording stopped; the last entry's `at` when absent. */
  readonly endedAt?: EpochMillis;
  readonly entries: readonly Entry[];
}
