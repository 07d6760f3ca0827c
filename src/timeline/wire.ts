import type { VolumeNodeAffinity } from '../kube/volume-pinning.ts';
/**
 * The parts of API objects that {@link ./snapshot.ts} reads, as the API server sends them in JSON (the
 * recorder's own watch, not client-node: timestamps are RFC 3339 strings, not Dates). Only what is read is
 * declared. The object itself and its metadata, spec and status may be absent from what a watch delivers;
 * below them, a field is required where the API requires it (a volume's claimName, a taint's key and
 * effect, a container status' restartCount ...).
 */
import type {
  AccessMode,
  ConditionStatus,
  ContainerStateSnapshot,
  EndpointSnapshot,
  EventSnapshot,
  ObjectMetaSnapshot,
  PodManagementPolicy,
  StatefulSetSnapshot,
} from './types.ts';

/** As its snapshot, but name and uid may be absent too. */
export type WireMeta = Partial<ObjectMetaSnapshot>;

export interface WireCondition {
  readonly type: string;
  readonly status: ConditionStatus;
  readonly lastTransitionTime?: string;
  readonly reason?: string;
}

interface Wire<Spec, Status = never> {
  readonly metadata?: WireMeta;
  readonly spec?: Spec;
  readonly status?: Status;
}

export type WirePod = Wire<
  {
    readonly nodeName?: string;
    readonly hostname?: string;
    readonly subdomain?: string;
    readonly volumes?: readonly {
      readonly name: string;
      readonly persistentVolumeClaim?: { readonly claimName: string };
      readonly emptyDir?: Readonly<Record<string, unknown>>;
    }[];
  },
  {
    readonly phase?: string;
    readonly conditions?: readonly WireCondition[];
    readonly podIP?: string;
    readonly containerStatuses?: readonly {
      readonly name: string;
      readonly ready: boolean;
      readonly restartCount: number;
      readonly state?: ContainerStateSnapshot;
      readonly containerID?: string;
    }[];
  }
>;

export type WirePvc = Wire<
  {
    readonly volumeName?: string;
    readonly storageClassName?: string;
    readonly accessModes?: readonly AccessMode[];
  },
  { readonly phase?: string }
>;

export type WirePv = Wire<
  {
    readonly claimRef?: { readonly name?: string; readonly namespace?: string; readonly uid?: string };
    readonly persistentVolumeReclaimPolicy?: string;
    readonly nodeAffinity?: VolumeNodeAffinity;
    readonly accessModes?: readonly AccessMode[];
  },
  { readonly phase?: string }
>;

type WireVolumeError = { readonly time?: string; readonly message?: string };

export type WireVolumeAttachment = Wire<
  {
    readonly attacher?: string;
    readonly nodeName?: string;
    readonly source?: { readonly persistentVolumeName?: string };
  },
  {
    readonly attached?: boolean;
    readonly attachError?: WireVolumeError;
    readonly detachError?: WireVolumeError;
  }
>;

export type WireNode = Wire<
  {
    readonly unschedulable?: boolean;
    readonly taints?: readonly { readonly key: string; readonly value?: string; readonly effect: string }[];
  },
  { readonly conditions?: readonly WireCondition[] }
>;

type StatefulSetSpec = StatefulSetSnapshot['spec'];

export type WireStatefulSet = Wire<
  {
    readonly replicas?: number;
    readonly serviceName?: string;
    readonly podManagementPolicy?: PodManagementPolicy;
    readonly updateStrategy?: StatefulSetSpec['updateStrategy'];
    readonly ordinals?: StatefulSetSpec['ordinals'];
    readonly persistentVolumeClaimRetentionPolicy?: StatefulSetSpec['persistentVolumeClaimRetentionPolicy'];
    /** The API requires each template's name. */
    readonly volumeClaimTemplates?: readonly { readonly metadata: { readonly name: string } }[];
    readonly minReadySeconds?: number;
  },
  StatefulSetSnapshot['status']
>;

export type WireService = Wire<{ readonly clusterIP?: string; readonly publishNotReadyAddresses?: boolean }>;

export interface WireEndpointSlice {
  readonly metadata?: WireMeta;
  /** As in the snapshot, but any field may be absent. */
  readonly endpoints?: readonly Partial<EndpointSnapshot>[];
}

/** As its snapshot, but any part may be absent. */
export interface WireEvent extends Partial<Omit<EventSnapshot, 'metadata'>> {
  readonly metadata?: WireMeta;
}
