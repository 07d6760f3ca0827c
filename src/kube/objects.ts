/**
 * The parts of Kubernetes objects that the engine and the faults read, as the API server sends them
 * (raw JSON: times are RFC 3339 strings, every field may be absent). Deeply read-only: the engine never
 * edits an object it was given.
 */

export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly uid: string;
  readonly resourceVersion?: string;
  readonly generation?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly deletionTimestamp?: string;
  readonly creationTimestamp?: string;
  readonly ownerReferences?: readonly {
    readonly kind: string;
    readonly name: string;
    readonly uid: string;
    readonly controller?: boolean;
  }[];
}

export interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastTransitionTime?: string;
}

export interface Probe {
  readonly exec?: { readonly command?: readonly string[] };
  readonly httpGet?: object;
  readonly tcpSocket?: object;
  readonly grpc?: object;
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly failureThreshold?: number;
  readonly successThreshold?: number;
}

export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly command?: readonly string[];
  readonly readinessProbe?: Probe;
  readonly livenessProbe?: Probe;
  readonly startupProbe?: Probe;
  readonly volumeMounts?: readonly { readonly name: string; readonly mountPath: string }[];
}

export interface ContainerState {
  readonly running?: { readonly startedAt?: string };
  readonly waiting?: { readonly reason?: string };
  readonly terminated?: {
    readonly exitCode?: number;
    readonly reason?: string;
    readonly message?: string;
    readonly finishedAt?: string;
  };
}

export interface ContainerStatus {
  readonly name: string;
  /** `<runtime>://<id>` once the container was created. */
  readonly containerID?: string;
  readonly ready?: boolean;
  readonly restartCount?: number;
  readonly state?: ContainerState;
  readonly lastState?: ContainerState;
}

export interface PodSpec {
  readonly nodeName?: string;
  readonly shareProcessNamespace?: boolean;
  readonly terminationGracePeriodSeconds?: number;
  readonly hostname?: string;
  readonly subdomain?: string;
  readonly containers?: readonly Container[];
  readonly volumes?: readonly {
    readonly name: string;
    readonly persistentVolumeClaim?: { readonly claimName: string };
  }[];
}

export interface Pod {
  readonly metadata: ObjectMeta;
  readonly spec?: PodSpec;
  readonly status?: {
    readonly phase?: string;
    readonly podIP?: string;
    readonly podIPs?: readonly { readonly ip?: string }[];
    readonly conditions?: readonly Condition[];
    readonly containerStatuses?: readonly ContainerStatus[];
    /** Init containers' statuses: native sidecars (restartPolicy Always) keep running beside the others. */
    readonly initContainerStatuses?: readonly ContainerStatus[];
    readonly ephemeralContainerStatuses?: readonly ContainerStatus[];
  };
}

export interface StatefulSet {
  readonly metadata: ObjectMeta;
  readonly spec?: {
    readonly replicas?: number;
    readonly serviceName?: string;
    readonly podManagementPolicy?: string;
    readonly selector?: { readonly matchLabels?: Readonly<Record<string, string>> };
    readonly ordinals?: { readonly start?: number };
    readonly minReadySeconds?: number;
    readonly updateStrategy?: {
      readonly type?: string;
      readonly rollingUpdate?: { readonly partition?: number; readonly maxUnavailable?: number | string };
    };
    readonly persistentVolumeClaimRetentionPolicy?: {
      readonly whenScaled?: string;
      readonly whenDeleted?: string;
    };
    readonly template?: { readonly metadata?: Partial<ObjectMeta>; readonly spec?: PodSpec };
    readonly volumeClaimTemplates?: readonly { readonly metadata?: { readonly name?: string } }[];
  };
  readonly status?: {
    readonly observedGeneration?: number;
    readonly replicas?: number;
    readonly readyReplicas?: number;
    readonly currentRevision?: string;
    readonly updateRevision?: string;
    readonly updatedReplicas?: number;
    readonly currentReplicas?: number;
  };
}

export interface Node {
  readonly metadata: ObjectMeta;
  readonly spec?: { readonly unschedulable?: boolean };
  readonly status?: {
    readonly conditions?: readonly Condition[];
    readonly addresses?: readonly { readonly type: string; readonly address: string }[];
    readonly daemonEndpoints?: { readonly kubeletEndpoint?: { readonly Port?: number } };
  };
}

export interface Service {
  readonly metadata: ObjectMeta;
  readonly spec?: { readonly clusterIP?: string; readonly selector?: Readonly<Record<string, string>> };
}

export interface KubeEvent {
  readonly metadata?: Partial<ObjectMeta>;
  readonly reason?: string;
  readonly message?: string;
  readonly type?: string;
  readonly involvedObject?: {
    readonly kind?: string;
    readonly name?: string;
    readonly uid?: string;
    readonly fieldPath?: string;
  };
  readonly lastTimestamp?: string;
  readonly eventTime?: string;
  readonly series?: { readonly lastObservedTime?: string };
}

export interface Lease {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: ObjectMeta;
  readonly spec?: {
    readonly holderIdentity?: string;
    readonly leaseDurationSeconds?: number;
    readonly acquireTime?: string;
    readonly renewTime?: string;
  };
}

export interface List<T> {
  readonly items: readonly T[];
  readonly metadata?: { readonly resourceVersion?: string };
}

/** Whether a pod's or a node's Ready condition is True. */
export function isReady(
  o: { readonly status?: { readonly conditions?: readonly Condition[] } } | undefined,
): boolean {
  return (o?.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}
