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

export interface StatefulSetHistory {
  /** Each change of the spec view, first one when the object is first seen. */
  readonly specs: readonly { readonly at: number; readonly spec: StatefulSetSpecView }[];
  /** Each change of the status view (revisions, counters, generation or observedGeneration). */
  readonly statuses: readonly StatefulSetStatusView[];
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
  return { at: e.at, generation: metadata.generation, ...pick(status, STATUS_FIELDS) };
}

function sameStatus(a: StatefulSetStatusView, b: StatefulSetStatusView): boolean {
  return a.generation === b.generation && STATUS_FIELDS.every((k) => a[k] === b[k]);
}

/** The target StatefulSet's spec and status changes and its deletion, from its watch events. */
export class StatefulSetHistoryBuilder {
  readonly history: Draft<StatefulSetHistory> = { specs: [], statuses: [] };
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
    const status = statusView(e);
    const lastStatus = h.statuses.at(-1);
    if (!lastStatus || !sameStatus(lastStatus, status)) h.statuses.push(status);
    if (e.object.metadata.deletionTimestamp !== undefined && h.deletionRequestedAt === undefined)
      h.deletionRequestedAt = e.at;
  }
}
