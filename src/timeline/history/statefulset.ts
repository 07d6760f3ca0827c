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
  readonly specs: readonly { readonly at: number; readonly spec: StatefulSetSpecView }[];
  /** Each change of currentRevision/updateRevision. */
  readonly revisions: readonly StatefulSetStatusView[];
  readonly deletionRequestedAt?: number;
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

/** The target StatefulSet's spec changes, revisions and deletion, from its watch events. */
export class StatefulSetHistoryBuilder {
  readonly history: Draft<StatefulSetHistory> = { specs: [], revisions: [] };
  readonly #target: TimelineTarget;

  constructor(target: TimelineTarget) {
    this.#target = target;
  }

  onStatefulSet(e: StatefulSetEntry): void {
    if (e.name !== this.#target.name) return;
    const h = this.history;
    if (e.type === 'DELETED') {
      h.deletedAt = e.at;
      if (h.deletionRequestedAt === undefined) h.deletionRequestedAt = e.at;
      return;
    }
    const spec = specView(e, this.#target);
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
}
