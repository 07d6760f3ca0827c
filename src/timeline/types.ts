/**
 * The recorded timeline of a run: every watch event of the target's objects, every mark the engine made
 * (faults, reverts, steps) and every probe sample, in the order they were received.
 *
 * Objects are trimmed snapshots: only the fields the checks read are kept, in their JSON (API) form, so
 * timestamps are RFC 3339 strings as the API server sends them. A full API object in JSON form is
 * structurally a superset of each snapshot.
 */
import type {
  EpochMillis,
  ObjectEntry,
  PodManagementPolicy,
  ResourceKind,
  RetentionAction,
} from './snapshot-types.ts';

export type * from './snapshot-types.ts';

/** Kinds without a namespace: their entries carry none. */
export const CLUSTER_SCOPED: ReadonlySet<ResourceKind> = new Set<ResourceKind>([
  'Node',
  'PersistentVolume',
  'VolumeAttachment',
]);

// --- Entries ---------------------------------------------------------------------------------------------

/**
 * - `fault-start`: the fault is about to act (it has registered its revert).
 * - `fault-end`: the fault's action is over (node restored, SIGCONT sent, heal command run).
 * - `revert`: the ledger ran the revert (on success, failure, SIGTERM or after a crash).
 * - `step`: a scenario step (scale, update, marker write, ...); `details.step` names it.
 * - `note`: anything else, including observations (see {@link NodeContainersObservation}).
 */
export type MarkType = 'fault-start' | 'fault-end' | 'revert' | 'step' | 'note';

export interface MarkEntry {
  readonly seq: number;
  readonly at: EpochMillis;
  readonly kind: 'mark';
  readonly mark: MarkType;
  /** The fault's name, one of {@link FaultName} for the built-in faults. */
  readonly fault?: string;
  readonly ordinal?: number;
  readonly node?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Names of the built-in faults as written in marks. */
export type FaultName =
  | 'pod-kill'
  | 'process-kill'
  | 'node-cordon'
  | 'node-drain'
  | 'claim-deletion'
  | 'probe-breakage'
  | 'node-loss'
  | 'rolling-update'
  | 'bad-release'
  | 'recreate';

/**
 * `details` of a `rolling-update` fault-start mark. The update faults act on the whole set: their
 * fault-start and fault-end marks name no ordinal (a fault aimed at an ordinal excuses that ordinal's
 * replacement in ORD-3; an update's replacements are what ORD-3 judges).
 */
export interface RollingUpdateDetails {
  readonly variant: 'restart' | 'partition' | 'on-delete';
}

/** `details` of a `bad-release` fault-start mark (no ordinal, as for a rolling update). */
export interface BadReleaseDetails {
  /** The image set in the template, a tag that does not exist. */
  readonly badImage: string;
  readonly container: string;
  /** The StatefulSet's podManagementPolicy. */
  readonly policy: PodManagementPolicy;
  /** The cluster's version (`GET /version` gitVersion). */
  readonly k8sVersion: string;
}

/**
 * `details.step` of the step marks the update faults make (no fault name, no ordinal on the mark):
 * - `partition-restore`: the partition step restores the user's partition (the rest of the set follows);
 * - `on-delete-pod`: an OnDelete step is about to delete `details.ordinal`'s pod;
 * - `rollback`: the bad release restores the user's template (the end of the broken period);
 * - `forced-rollback`: the broken pod was still not replaced, so it is deleted (`details.pod`, `details.uid`).
 */
export const UPDATE_STEPS = {
  partitionRestore: 'partition-restore',
  onDeletePod: 'on-delete-pod',
  rollback: 'rollback',
  forcedRollback: 'forced-rollback',
} as const;

/**
 * `details` of a `recreate` fault-start mark (no ordinal: it acts on the whole set). The StatefulSet object
 * `oldUid` is deleted, with `propagationPolicy: Orphan` (`orphan`: its pods stay and must be adopted by the
 * new object) or the default propagation (`delete`: the garbage collector deletes its pods), then created
 * again from the saved spec. `whenDeleted` is its `persistentVolumeClaimRetentionPolicy.whenDeleted` then.
 * Its fault-end mark comes after recovery.
 */
export interface RecreateDetails {
  readonly variant: 'orphan' | 'delete';
  readonly oldUid: string;
  readonly whenDeleted: RetentionAction;
}

/**
 * `details.step` of the step marks of a `recreate` fault (no fault name, no ordinal on the mark):
 * - `sts-deleted`: the old StatefulSet object is gone (`details.uid`: its UID);
 * - `sts-created`: the StatefulSet was created again from the saved spec (`details.uid`: the new UID).
 */
export const RECREATE_STEPS = {
  deleted: 'sts-deleted',
  created: 'sts-created',
} as const;

/**
 * `details` of a `node-loss` fault-start mark. `containersLeftRunning` says whether the fault leaves the
 * node's containers running (lab: kubelet stopped) or really stops them (node shut down).
 */
export interface NodeLossDetails {
  readonly node: string;
  readonly containersLeftRunning: boolean;
}

/** `details` of a `probe-breakage` fault-start mark. */
export interface ProbeBreakageDetails {
  readonly probe: 'readiness' | 'liveness';
}

/** `details.step` of the step mark made after (re)writing the VOL-3 markers: reads after it are the new baseline. */
export const MARKER_WRITE_STEP = 'marker-write';

/**
 * `details.step` of the step mark made after the user's data check wrote (`details.seq`, `details.ok`:
 * acknowledged or not, `details.error` when not). Its `verify` runs after recovery against the highest
 * acknowledged sequence number.
 */
export const DATA_WRITE_STEP = 'data-write';

/**
 * `details` of a `note` mark recording which pods' containers were seen running on a node (for example
 * `crictl pods` in the lab). SB-3 uses it as direct evidence that an old incarnation's containers are gone.
 */
export interface NodeContainersObservation {
  readonly observation: 'node-containers';
  readonly podUids: readonly string[];
}

/**
 * `details` of the `note` mark the recorder makes at its start for a kind it may not watch (403): the checks
 * that need that kind skip with `reason` instead of reading an absence as a fact.
 */
export interface WatchForbiddenObservation {
  readonly observation: 'watch-forbidden';
  readonly resource: ResourceKind;
  readonly reason: string;
}

export type ProbeKind = 'role' | 'marker' | 'dns' | 'data';

/**
 * One probe result: SB-4 role query output, VOL-3 marker read, VOL-3 data check verify (value: what it
 * printed; `ok` is its exit status), ID-3 DNS lookup (value: the resolved addresses, comma or space
 * separated). `ok` is false when the probe itself failed (exec error, NXDOMAIN);
 * `value` then holds the error.
 */
export interface SampleEntry {
  readonly seq: number;
  readonly at: EpochMillis;
  readonly kind: 'sample';
  readonly probe: ProbeKind;
  readonly ordinal: number;
  readonly pod: string;
  readonly uid?: string;
  readonly value: string;
  readonly ok: boolean;
  /** Where the probe ran, when that is not the sampled pod itself (ID-3: the peer pod and tool that resolved). */
  readonly via?: string;
  /**
   * When the probe ran, when that is earlier than it was recorded (the node agent's role queries on a lost
   * node, read from its log once the node is back): the derived timeline uses it as the sample's time.
   */
  readonly observedAt?: EpochMillis;
}

export type Entry = ObjectEntry | MarkEntry | SampleEntry;

export interface TimelineTarget {
  readonly namespace: string;
  /** The StatefulSet's name. */
  readonly name: string;
  /** The governing (headless) Service, `spec.serviceName`. */
  readonly serviceName: string;
  readonly replicas: number;
  readonly ordinalsStart: number;
  readonly podManagementPolicy: PodManagementPolicy;
  /** Names of the volumeClaimTemplates. */
  readonly claimTemplates: readonly string[];
}

export interface Timeline {
  readonly target: TimelineTarget;
  readonly startedAt: EpochMillis;
  /** When recording stopped; the last entry's `at` when absent. */
  readonly endedAt?: EpochMillis;
  readonly entries: readonly Entry[];
}
