/**
 * Trims API objects down to the snapshot types the checks read, so that a long run with many pods
 * keeps its timeline small.
 */
import type { KubeObject } from '../kube/watch.ts';
import { pick } from '../util/pick.ts';
import type {
  EndpointSliceSnapshot,
  EventSnapshot,
  NodeSnapshot,
  ObjectMetaSnapshot,
  PodSnapshot,
  PvcSnapshot,
  PvSnapshot,
  ResourceKind,
  ServiceSnapshot,
  StatefulSetSnapshot,
  VolumeAttachmentSnapshot,
  VolumeErrorSnapshot,
} from './types.ts';
import type {
  WireCondition,
  WireEndpointSlice,
  WireEvent,
  WireMeta,
  WireNode,
  WirePod,
  WirePv,
  WirePvc,
  WireService,
  WireStatefulSet,
  WireVolumeAttachment,
} from './wire.ts';

function meta(m: WireMeta | undefined): ObjectMetaSnapshot {
  return {
    name: m?.name ?? '',
    uid: m?.uid ?? '',
    namespace: m?.namespace,
    labels: m?.labels,
    annotations: pickAnnotations(m?.annotations),
    creationTimestamp: m?.creationTimestamp,
    deletionTimestamp: m?.deletionTimestamp,
    deletionGracePeriodSeconds: m?.deletionGracePeriodSeconds,
    ownerReferences: m?.ownerReferences?.map((o) =>
      pick(o, ['apiVersion', 'kind', 'name', 'uid', 'controller']),
    ),
    generation: m?.generation,
  };
}

/** Only the annotations the checks use (provisioner, bind state); never the last-applied configuration. */
function pickAnnotations(a: WireMeta['annotations']): Record<string, string> | undefined {
  if (!a) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(a)) {
    if (
      k.startsWith('pv.kubernetes.io/') ||
      k.startsWith('volume.kubernetes.io/') ||
      k.startsWith('sts-chaos.io/')
    )
      out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

const conds = (c: readonly WireCondition[] | undefined) =>
  c?.map((x) => pick(x, ['type', 'status', 'lastTransitionTime', 'reason']));

export function podSnapshot(p: WirePod): PodSnapshot {
  return {
    metadata: meta(p.metadata),
    spec: {
      ...pick(p.spec, ['nodeName', 'hostname', 'subdomain']),
      volumes: p.spec?.volumes?.map((v) => ({
        name: v.name,
        persistentVolumeClaim: v.persistentVolumeClaim
          ? { claimName: v.persistentVolumeClaim.claimName }
          : undefined,
        emptyDir: v.emptyDir,
      })),
    },
    status: {
      phase: p.status?.phase,
      conditions: conds(p.status?.conditions),
      podIP: p.status?.podIP,
      containerStatuses: p.status?.containerStatuses?.map((c) =>
        pick(c, ['name', 'ready', 'restartCount', 'state', 'containerID']),
      ),
    },
  };
}

export function pvcSnapshot(c: WirePvc): PvcSnapshot {
  return {
    metadata: meta(c.metadata),
    spec: pick(c.spec, ['volumeName', 'storageClassName', 'accessModes']),
    status: { phase: c.status?.phase },
  };
}

export function pvSnapshot(v: WirePv): PvSnapshot {
  const ref = v.spec?.claimRef;
  return {
    metadata: meta(v.metadata),
    spec: {
      claimRef: ref ? pick(ref, ['name', 'namespace', 'uid']) : undefined,
      persistentVolumeReclaimPolicy: v.spec?.persistentVolumeReclaimPolicy,
      nodeAffinity: v.spec?.nodeAffinity,
      accessModes: v.spec?.accessModes,
    },
    status: { phase: v.status?.phase },
  };
}

/** An attach or detach error: its time and the start of its message. */
function volumeError(e: { time?: string; message?: string } | undefined): VolumeErrorSnapshot | undefined {
  if (!e) return undefined;
  return {
    time: e.time,
    message: typeof e.message === 'string' ? e.message.slice(0, 300) : undefined,
  };
}

export function volumeAttachmentSnapshot(a: WireVolumeAttachment): VolumeAttachmentSnapshot {
  return {
    metadata: meta(a.metadata),
    spec: {
      attacher: a.spec?.attacher,
      nodeName: a.spec?.nodeName,
      source: { persistentVolumeName: a.spec?.source?.persistentVolumeName },
    },
    status: {
      attached: a.status?.attached,
      attachError: volumeError(a.status?.attachError),
      detachError: volumeError(a.status?.detachError),
    },
  };
}

export function nodeSnapshot(n: WireNode): NodeSnapshot {
  return {
    metadata: { ...meta(n.metadata), labels: undefined },
    spec: {
      unschedulable: n.spec?.unschedulable,
      taints: n.spec?.taints?.map((t) => pick(t, ['key', 'value', 'effect'])),
    },
    status: { conditions: conds(n.status?.conditions?.filter((c) => c.type === 'Ready')) },
  };
}

export function statefulSetSnapshot(s: WireStatefulSet): StatefulSetSnapshot {
  return {
    metadata: meta(s.metadata),
    spec: {
      ...pick(s.spec, [
        'replicas',
        'serviceName',
        'podManagementPolicy',
        'updateStrategy',
        'ordinals',
        'persistentVolumeClaimRetentionPolicy',
        'minReadySeconds',
      ]),
      volumeClaimTemplates: s.spec?.volumeClaimTemplates?.map((t) => ({
        metadata: { name: t.metadata?.name },
      })),
    },
    status: pick(s.status, [
      'replicas',
      'readyReplicas',
      'currentReplicas',
      'updatedReplicas',
      'availableReplicas',
      'currentRevision',
      'updateRevision',
      'observedGeneration',
    ]),
  };
}

export function serviceSnapshot(s: WireService): ServiceSnapshot {
  return {
    metadata: meta(s.metadata),
    spec: pick(s.spec, ['clusterIP', 'publishNotReadyAddresses']),
  };
}

export function endpointSliceSnapshot(e: WireEndpointSlice): EndpointSliceSnapshot {
  return {
    metadata: meta(e.metadata),
    endpoints: e.endpoints?.map((x) => ({
      addresses: x.addresses ?? [],
      conditions: x.conditions,
      targetRef: x.targetRef ? pick(x.targetRef, ['kind', 'name', 'uid']) : undefined,
      hostname: x.hostname,
      nodeName: x.nodeName,
    })),
  };
}

export function eventSnapshot(e: WireEvent): EventSnapshot {
  const io = e.involvedObject ?? {};
  return {
    metadata: meta(e.metadata),
    involvedObject: pick(io, ['kind', 'name', 'namespace', 'uid']),
    reason: e.reason,
    message: typeof e.message === 'string' ? e.message.slice(0, 300) : undefined,
    type: e.type,
    count: e.count,
  };
}

/**
 * The snapshot function of each kind, for the recorder's watches. A watch types what it delivers only as
 * {@link KubeObject}; each function takes the JSON of its own kind, which is what the watch of that kind
 * delivers (every field the functions read may be absent at that level, so a KubeObject fits them all).
 */
export const snapshotOf: Record<ResourceKind, (o: KubeObject) => unknown> = {
  Pod: podSnapshot,
  PersistentVolumeClaim: pvcSnapshot,
  PersistentVolume: pvSnapshot,
  Node: nodeSnapshot,
  StatefulSet: statefulSetSnapshot,
  Service: serviceSnapshot,
  EndpointSlice: endpointSliceSnapshot,
  Event: eventSnapshot,
  VolumeAttachment: volumeAttachmentSnapshot,
};
