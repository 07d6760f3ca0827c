import { pick } from '../../util/pick.ts';
import type { PodManagementPolicy, RetentionAction, StatefulSetEntry, TimelineTarget } from '../types.ts';
import type { Draft } from './common.ts';

/** The StatefulSet's spec fields the checks read, with defaults applied. */
export interface StatefulSetSpecView {
  readonly replicas: number;
  readonly serviceName: string;
  readonly podManagementPolicy: PodManagementPolicy;
  readonly updateStrategy: 'RollingUpdate' | 'OnDelete';
  readonly partition: number;
  readonly maxUnavailable?: number | string;
  /** How long a new pod must be Ready before it counts as available (0 when unset). */
  readonly minReadySeconds: number;
  readonly ordinalsStart: number;
  readonly whenDeleted: RetentionAction;
  readonly whenScaled: RetentionAction;
  readonly claimTemplates: readonly string[];
}

/** The StatefulSet's status as the checks read it, with `metadata.generation` (absent where not reported). */
export interface StatefulSetStatusView {
  readonly at: number;
  /** The object that reported it (a StatefulSet created again reports its own, even when it is the same). */
  readonly uid: string;
  readonly generation?: number;
  readonly observedGeneration?: number;
  readonly replicas?: number;
  readonly readyReplicas?: number;
  readonly currentReplicas?: number;
  readonly updatedReplicas?: number;
  readonly availableReplicas?: number;
  readonly currentRevision?: string;
  readonly updateRevision?: string;
}

/** The status fields kept in {@link StatefulSetStatusView}; a change of any of them (or of the generation) records a new one. */
const STATUS_FIELDS = [
  'observedGeneration',
  'replicas',
  'readyReplicas',
  'currentReplicas',
  'updatedReplicas',
  'availableReplicas',
  'currentRevision',
  'updateRevision',
] as const;

/** One StatefulSet object (one UID) of the target's name: deleted and created again, the name gets another. */
export interface StatefulSetObject {
  readonly uid: string;
  /** Its first watch event (for an object that predates the recording: when it was listed). */
  readonly firstSeenAt: number;
  /** Its first event with a deletionTimestamp (the DELETED event when none came before). */
  readonly deletionRequestedAt?: number;
  readonly deletedAt?: number;
}

export interface StatefulSetHistory {
  /**
   * Each change of the spec view, first one when the object is first seen. It runs on across objects: a
   * StatefulSet created again from the same spec adds no entry.
   */
  readonly specs: readonly { readonly at: number; readonly spec: StatefulSetSpecView }[];
  /** Each change of the status view (revisions, counters, generation or observedGeneration). */
  readonly statuses: readonly StatefulSetStatusView[];
  /** Each object seen, one per UID, in the order first seen. */
  readonly objects: readonly StatefulSetObject[];
  /** The first object's deletion request (see {@link objects} for the others). */
  readonly deletionRequestedAt?: number;
  /** The first object's deletion. */
  readonly deletedAt?: number;
}

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
    minReadySeconds: s.minReadySeconds ?? 0,
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
    a.minReadySeconds === b.minReadySeconds &&
    a.ordinalsStart === b.ordinalsStart &&
    a.whenDeleted === b.whenDeleted &&
    a.whenScaled === b.whenScaled &&
    a.claimTemplates.join('\0') === b.claimTemplates.join('\0')
  );
}

function statusView(e: StatefulSetEntry): StatefulSetStatusView {
  const { metadata, status } = e.object;
  return { at: e.at, uid: e.uid, generation: metadata.generation, ...pick(status, STATUS_FIELDS) };
}

function sameStatus(a: StatefulSetStatusView, b: StatefulSetStatusView): boolean {
  return a.uid === b.uid && a.generation === b.generation && STATUS_FIELDS.every((k) => a[k] === b[k]);
}

/** The target StatefulSet's spec and status changes and its objects' deletions, from its watch events. */
export class StatefulSetHistoryBuilder {
  readonly history: Draft<StatefulSetHistory> = { specs: [], statuses: [], objects: [] };
  readonly #target: TimelineTarget;

  constructor(target: TimelineTarget) {
    this.#target = target;
  }

  onStatefulSet(e: StatefulSetEntry): void {
    if (e.name !== this.#target.name) return;
    const h = this.history;
    const object = this.#object(e);
    if (object.deletedAt !== undefined) return; // nothing after DELETED belongs to this object
    if (e.type === 'DELETED') {
      object.deletedAt = e.at;
      object.deletionRequestedAt ??= e.at;
    } else {
      const spec = specView(e, this.#target);
      const last = h.specs.at(-1);
      if (!last || !sameSpec(last.spec, spec)) h.specs.push({ at: e.at, spec });
      const status = statusView(e);
      const lastStatus = h.statuses.at(-1);
      if (!lastStatus || !sameStatus(lastStatus, status)) h.statuses.push(status);
      if (e.object.metadata.deletionTimestamp !== undefined) object.deletionRequestedAt ??= e.at;
    }
    const first = h.objects[0];
    if (first === object) {
      if (object.deletionRequestedAt !== undefined) h.deletionRequestedAt = object.deletionRequestedAt;
      if (object.deletedAt !== undefined) h.deletedAt = object.deletedAt;
    }
  }

  /** The object of the entry's UID, added when first seen. */
  #object(e: StatefulSetEntry): Draft<StatefulSetObject> {
    const objects = this.history.objects;
    const found = objects.find((o) => o.uid === e.uid);
    if (found) return found;
    const created: Draft<StatefulSetObject> = { uid: e.uid, firstSeenAt: e.at };
    objects.push(created);
    return created;
  }
}
