import { type Attachment, AttachmentHistories } from './history/attachments.ts';
import { ClaimHistories, type ClaimIncarnation, ClaimNames } from './history/claims.ts';
import { EndpointHistories, type EndpointHistory } from './history/endpoints.ts';
import { PodEvents } from './history/events.ts';
import { FaultHistory, type FaultSpan } from './history/faults.ts';
import { NodeHistories, type NodeHistory } from './history/nodes.ts';
import { type ForeignPod, type Incarnation, PodHistories } from './history/pods.ts';
import { ServiceHistories, type ServiceHistory } from './history/services.ts';
import { type StatefulSetHistory, StatefulSetHistoryBuilder } from './history/statefulset.ts';
import { VolumeHistories, type VolumeHistory } from './history/volumes.ts';
import {
  CLUSTER_SCOPED,
  type MarkEntry,
  type ObjectEntry,
  type ProbeKind,
  type ResourceKind,
  type SampleEntry,
  type Timeline,
  type TimelineTarget,
} from './types.ts';

/**
 * What the checks read, derived from a timeline in one linear pass ({@link derive}). Computed once per
 * evaluation and shared by all checks, hence read-only all the way down.
 */
export interface Derived {
  readonly target: TimelineTarget;
  readonly startedAt: number;
  readonly endedAt: number;
  /** Incarnations of each ordinal in creation order. */
  readonly ordinals: ReadonlyMap<number, readonly Incarnation[]>;
  readonly byUid: ReadonlyMap<string, Incarnation>;
  /** Pods controlled by the target StatefulSet whose name is not `S-<ordinal>`. */
  readonly foreignPods: readonly ForeignPod[];
  /** Incarnations of each claim name `T-S-i`, in creation order. */
  readonly claims: ReadonlyMap<string, readonly ClaimIncarnation[]>;
  /** PersistentVolumes whose claimRef names one of the target's claims. */
  readonly volumes: ReadonlyMap<string, VolumeHistory>;
  /**
   * The VolumeAttachments of the target's volumes, by PersistentVolume name: each attach cycle with its
   * node, in the order first seen. Empty when the volumes have no attach step or the watch was forbidden
   * (a `watch-forbidden` note says which).
   */
  readonly attachments: ReadonlyMap<string, readonly Attachment[]>;
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

/** A handler for the entries of each kind of object. */
type ObjectHandlers = { readonly [R in ResourceKind]: (e: Extract<ObjectEntry, { resource: R }>) => void };

/**
 * Derives incarnations and histories from a timeline, in one pass over its entries (O(entries)): each
 * entry goes to the history of its kind. Objects of other namespaces are left out (Nodes and
 * PersistentVolumes have none).
 */
export function derive(timeline: Timeline): Derived {
  const { target } = timeline;
  const ns = target.namespace;
  const podPrefix = `${target.name}-`;
  const claimNames = new ClaimNames(target.name, target.claimTemplates);
  const events = new PodEvents(podPrefix);
  const pods = new PodHistories(target.name, timeline.startedAt, events);
  const claims = new ClaimHistories(claimNames);
  const volumes = new VolumeHistories(ns, claimNames);
  const nodes = new NodeHistories();
  const attachments = new AttachmentHistories(timeline.startedAt);
  const statefulSet = new StatefulSetHistoryBuilder(target);
  const services = new ServiceHistories();
  const endpoints = new EndpointHistories(podPrefix, pods.byUid);
  const faults = new FaultHistory();
  const samples: Record<ProbeKind, SampleEntry[]> = { role: [], marker: [], dns: [], data: [] };
  // Each kind of object to its history (a record, so that a new kind cannot be left out).
  const onObject: ObjectHandlers = {
    Pod: (e) => pods.onPod(e),
    PersistentVolumeClaim: (e) => claims.onClaim(e),
    PersistentVolume: (e) => volumes.onVolume(e),
    Node: (e) => nodes.onNode(e),
    StatefulSet: (e) => statefulSet.onStatefulSet(e),
    Service: (e) => services.onService(e),
    EndpointSlice: (e) => endpoints.onEndpointSlice(e),
    Event: (e) => events.onEvent(e, pods.byUid),
    VolumeAttachment: (e) => attachments.onAttachment(e),
  };
  let lastAt = timeline.startedAt;

  for (const e of timeline.entries) {
    lastAt = e.at;
    if (e.kind === 'mark') {
      faults.onMark(e);
      continue;
    }
    if (e.kind === 'sample') {
      samples[e.probe].push(e.observedAt === undefined ? e : { ...e, at: e.observedAt });
      continue;
    }
    if (e.namespace !== undefined && e.namespace !== ns && !CLUSTER_SCOPED.has(e.resource)) continue;
    // A kind this version does not know (from a newer recorder's timeline) is left out.
    if (Object.hasOwn(onObject, e.resource)) (onObject[e.resource] as (e: ObjectEntry) => void)(e);
  }

  return {
    target,
    startedAt: timeline.startedAt,
    endedAt: Math.max(timeline.endedAt ?? lastAt, lastAt),
    ordinals: pods.ordinals,
    byUid: pods.byUid,
    foreignPods: pods.foreignPods,
    claims: claims.byName,
    volumes: volumes.byName,
    attachments: attachments.byVolume,
    nodes: nodes.byName,
    statefulSet: statefulSet.history,
    services: services.byName,
    endpoints: endpoints.byService,
    marks: faults.marks,
    faults: faults.faults,
    // A sample made earlier than recorded (observedAt) takes its place in time.
    samples: sortedSamples(samples),
  };
}

function sortedSamples(samples: Record<ProbeKind, SampleEntry[]>): Record<ProbeKind, SampleEntry[]> {
  for (const list of Object.values(samples)) list.sort((a, b) => a.at - b.at || a.seq - b.seq);
  return samples;
}
