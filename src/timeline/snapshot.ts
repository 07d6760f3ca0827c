/**
 * Trims API objects down to the snapshot types the checks read, so that a long run with many pods
 * keeps its timeline small.
 */
import type { KubeObject } from '../kube/watch.ts';
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
    ownerReferences: m?.ownerReferences?.map((o) => ({
      apiVersion: o.apiVersion,
      kind: o.kind,
      name: o.name,
      uid: o.uid,
      controller: o.controller,
    })),
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
  c?.map((x) => ({
    type: x.type,
    status: x.status,
    lastTransitionTime: x.lastTransitionTime,
    reason: x.reason,
  }));

export function podSnapshot(p: WirePod): PodSnapshot {
  return {
    metadata: meta(p.metadata),
    spec: {
      nodeName: p.spec?.nodeName,
      hostname: p.spec?.hostname,
      subdomain: p.spec?.subdomain,
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
      containerStatuses: p.status?.containerStatuses?.map((c) => ({
        name: c.name,
        ready: c.ready,
        restartCount: c.restartCount,
        state: c.state,
        containerID: c.containerID,
      })),
    },
  };
}

export function pvcSnapshot(c: WirePvc): PvcSnapshot {
  return {
    metadata: meta(c.metadata),
    spec: { volumeName: c.spec?.volumeName, storageClassName: c.spec?.storageClassName },
    status: { phase: c.status?.phase },
  };
}

export function pvSnapshot(v: WirePv): PvSnapshot {
  const ref = v.spec?.claimRef;
  return {
    metadata: meta(v.metadata),
    spec: {
      claimRef: ref ? { name: ref.name, namespace: ref.namespace, uid: ref.uid } : undefined,
      persistentVolumeReclaimPolicy: v.spec?.persistentVolumeReclaimPolicy,
    },
    status: { phase: v.status?.phase },
  };
}

export function nodeSnapshot(n: WireNode): NodeSnapshot {
  return {
    metadata: { ...meta(n.metadata), labels: undefined },
    spec: {
      unschedulable: n.spec?.unschedulable,
      taints: n.spec?.taints?.map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
    },
    status: { conditions: conds(n.status?.conditions?.filter((c) => c.type === 'Ready')) },
  };
}

export function statefulSetSnapshot(s: WireStatefulSet): StatefulSetSnapshot {
  return {
    metadata: meta(s.metadata),
    spec: {
      replicas: s.spec?.replicas,
      serviceName: s.spec?.serviceName,
      podManagementPolicy: s.spec?.podManagementPolicy,
      updateStrategy: s.spec?.updateStrategy,
      ordinals: s.spec?.ordinals,
      persistentVolumeClaimRetentionPolicy: s.spec?.persistentVolumeClaimRetentionPolicy,
      volumeClaimTemplates: s.spec?.volumeClaimTemplates?.map((t) => ({
        metadata: { name: t.metadata?.name },
      })),
    },
    status: {
      replicas: s.status?.replicas,
      readyReplicas: s.status?.readyReplicas,
      currentRevision: s.status?.currentRevision,
      updateRevision: s.status?.updateRevision,
      observedGeneration: s.status?.observedGeneration,
    },
  };
}

export function serviceSnapshot(s: WireService): ServiceSnapshot {
  return {
    metadata: meta(s.metadata),
    spec: { clusterIP: s.spec?.clusterIP, publishNotReadyAddresses: s.spec?.publishNotReadyAddresses },
  };
}

export function endpointSliceSnapshot(e: WireEndpointSlice): EndpointSliceSnapshot {
  return {
    metadata: meta(e.metadata),
    endpoints: e.endpoints?.map((x) => ({
      addresses: x.addresses ?? [],
      conditions: x.conditions,
      targetRef: x.targetRef
        ? { kind: x.targetRef.kind, name: x.targetRef.name, uid: x.targetRef.uid }
        : undefined,
      hostname: x.hostname,
      nodeName: x.nodeName,
    })),
  };
}

export function eventSnapshot(e: WireEvent): EventSnapshot {
  const io = e.involvedObject ?? {};
  return {
    metadata: meta(e.metadata),
    involvedObject: { kind: io.kind, name: io.name, namespace: io.namespace, uid: io.uid },
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
};
