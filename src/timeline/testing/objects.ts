/** The API objects (as timeline snapshots) that the test builder records, from its own state of each. */
import type {
  ConditionStatus,
  NodeSnapshot,
  OwnerReferenceSnapshot,
  PodManagementPolicy,
  PodSnapshot,
  PvcSnapshot,
  RetentionAction,
  StatefulSetSnapshot,
  TaintSnapshot,
  TimelineTarget,
} from '../types.ts';

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
  /** The container's waiting reason (ErrImagePull, ImagePullBackOff ...), while it waits. */
  waiting?: string;
  /** The Ready condition's lastTransitionTime (RFC 3339), when set. */
  readySince?: string;
  /** Its controller ownerReference; none for an orphaned pod. */
  owner?: OwnerReferenceSnapshot;
}

export interface NodeState {
  name: string;
  uid: string;
  ready: ConditionStatus;
  unschedulable: boolean;
  taints: TaintSnapshot[];
}

export interface ClaimState {
  name: string;
  uid: string;
  volumeName?: string;
  phase: string;
  deletionTimestamp?: string;
}

export interface StatefulSetOptions {
  readonly replicas?: number;
  readonly podManagementPolicy?: PodManagementPolicy;
  readonly updateStrategy?: 'RollingUpdate' | 'OnDelete';
  readonly partition?: number;
  readonly whenScaled?: RetentionAction;
  readonly whenDeleted?: RetentionAction;
  readonly maxUnavailable?: number | string;
  readonly minReadySeconds?: number;
  /** metadata.generation */
  readonly generation?: number;
  readonly observedGeneration?: number;
  readonly readyReplicas?: number;
  readonly currentReplicas?: number;
  readonly updatedReplicas?: number;
  readonly availableReplicas?: number;
  readonly currentRevision?: string;
  readonly updateRevision?: string;
}

export function podObject(p: PodState, target: TimelineTarget): PodSnapshot {
  return {
    metadata: {
      name: p.name,
      uid: p.uid,
      namespace: target.namespace,
      labels: { ...p.labels },
      creationTimestamp: p.creationTimestamp,
      ...(p.deletionTimestamp
        ? { deletionTimestamp: p.deletionTimestamp, deletionGracePeriodSeconds: p.grace }
        : {}),
      ...(p.owner ? { ownerReferences: [{ ...p.owner }] } : {}),
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
        {
          type: 'Ready',
          status: p.ready ? 'True' : 'False',
          ...(p.readySince ? { lastTransitionTime: p.readySince } : {}),
        },
      ],
      ...(p.podIP ? { podIP: p.podIP } : {}),
      containerStatuses: [
        {
          name: 'app',
          ready: p.ready,
          restartCount: p.restartCount,
          ...(p.waiting ? { state: { waiting: { reason: p.waiting } } } : {}),
        },
      ],
    },
  };
}

export function claimObject(c: ClaimState, target: TimelineTarget): PvcSnapshot {
  return {
    metadata: {
      name: c.name,
      uid: c.uid,
      namespace: target.namespace,
      ...(c.deletionTimestamp ? { deletionTimestamp: c.deletionTimestamp } : {}),
    },
    spec: c.volumeName ? { volumeName: c.volumeName } : {},
    status: { phase: c.phase },
  };
}

export function nodeObject(n: NodeState): NodeSnapshot {
  return {
    metadata: { name: n.name, uid: n.uid },
    spec: { unschedulable: n.unschedulable, taints: n.taints.map((t) => ({ ...t })) },
    status: { conditions: [{ type: 'Ready', status: n.ready }] },
  };
}

/** The StatefulSet object `uid`; `deletionTimestamp` while it is being deleted. */
export function statefulSetObject(
  s: StatefulSetOptions,
  target: TimelineTarget,
  uid: string,
  deletionTimestamp?: string,
): StatefulSetSnapshot {
  return {
    metadata: {
      name: target.name,
      uid,
      namespace: target.namespace,
      ...(deletionTimestamp ? { deletionTimestamp } : {}),
      ...(s.generation === undefined ? {} : { generation: s.generation }),
    },
    spec: {
      replicas: s.replicas,
      serviceName: target.serviceName,
      podManagementPolicy: s.podManagementPolicy,
      updateStrategy: {
        type: s.updateStrategy ?? 'RollingUpdate',
        ...(s.partition === undefined && s.maxUnavailable === undefined
          ? {}
          : {
              rollingUpdate: {
                ...(s.partition === undefined ? {} : { partition: s.partition }),
                ...(s.maxUnavailable === undefined ? {} : { maxUnavailable: s.maxUnavailable }),
              },
            }),
      },
      ...(s.minReadySeconds === undefined ? {} : { minReadySeconds: s.minReadySeconds }),
      ordinals: { start: target.ordinalsStart },
      persistentVolumeClaimRetentionPolicy: {
        whenDeleted: s.whenDeleted ?? 'Retain',
        whenScaled: s.whenScaled ?? 'Retain',
      },
      volumeClaimTemplates: target.claimTemplates.map((name) => ({ metadata: { name } })),
    },
    status: {
      currentRevision: s.currentRevision,
      updateRevision: s.updateRevision,
      ...(s.observedGeneration === undefined ? {} : { observedGeneration: s.observedGeneration }),
      ...(s.readyReplicas === undefined ? {} : { readyReplicas: s.readyReplicas }),
      ...(s.currentReplicas === undefined ? {} : { currentReplicas: s.currentReplicas }),
      ...(s.updatedReplicas === undefined ? {} : { updatedReplicas: s.updatedReplicas }),
      ...(s.availableReplicas === undefined ? {} : { availableReplicas: s.availableReplicas }),
    },
  };
}
