/**
 * The trimmed snapshots of API objects a timeline records (see {@link ./snapshot.ts}): only the fields the
 * checks read, in their JSON (API) form, and the timeline entries that carry them. Re-exported by
 * {@link ./types.ts}.
 */
import type { ContainerState } from '../kube/objects.ts';
import type { VolumeNodeAffinity } from '../kube/volume-pinning.ts';

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
  | 'Service'
  | 'VolumeAttachment';

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

/** `ReadWriteOnce`, `ReadWriteOncePod`, `ReadWriteMany`, `ReadOnlyMany`. */
export type AccessMode = string;

export interface PvcSnapshot {
  readonly metadata: ObjectMetaSnapshot;
  readonly spec: {
    readonly volumeName?: string;
    readonly storageClassName?: string;
    readonly accessModes?: readonly AccessMode[];
  };
  readonly status: { readonly phase?: string };
}

export interface PvSnapshot {
  readonly metadata: ObjectMetaSnapshot;
  readonly spec: {
    readonly claimRef?: { readonly name?: string; readonly namespace?: string; readonly uid?: string };
    readonly persistentVolumeReclaimPolicy?: string;
    /** Its required node affinity: a volume pinned to nodes (local storage) keeps its pod there. */
    readonly nodeAffinity?: VolumeNodeAffinity;
    readonly accessModes?: readonly AccessMode[];
  };
  readonly status: { readonly phase?: string };
}

/** A storage.k8s.io/v1 VolumeAttachment of a PersistentVolume (cluster-scoped). */
export interface VolumeAttachmentSnapshot {
  readonly metadata: ObjectMetaSnapshot;
  readonly spec: {
    readonly attacher?: string;
    readonly nodeName?: string;
    readonly source: { readonly persistentVolumeName?: string };
  };
  readonly status: {
    readonly attached?: boolean;
    readonly attachError?: VolumeErrorSnapshot;
    readonly detachError?: VolumeErrorSnapshot;
  };
}

/** A VolumeAttachment's attachError or detachError (its message cut to 300 characters). */
export interface VolumeErrorSnapshot {
  readonly time?: string;
  readonly message?: string;
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
    readonly minReadySeconds?: number;
  };
  readonly status: {
    readonly replicas?: number;
    readonly readyReplicas?: number;
    readonly currentReplicas?: number;
    readonly updatedReplicas?: number;
    readonly availableReplicas?: number;
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

// --- Object entries ----------------------------------------------------------------------------------

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
export type VolumeAttachmentEntry = ObjectEntryOf<'VolumeAttachment', VolumeAttachmentSnapshot>;

export type ObjectEntry =
  | PodEntry
  | PvcEntry
  | PvEntry
  | NodeEntry
  | EndpointSliceEntry
  | EventEntry
  | StatefulSetEntry
  | ServiceEntry
  | VolumeAttachmentEntry;
