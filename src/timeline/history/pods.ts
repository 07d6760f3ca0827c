import { getOrInsert } from '../collections.ts';
import type { PodEntry } from '../types.ts';
import { conditionStatus, type Draft, noteDeletion, parseOrdinal, parseTime } from './common.ts';
import type { PodEventRecord, PodEvents } from './events.ts';

/** A container seen waiting with a reason (ErrImagePull, ImagePullBackOff, CrashLoopBackOff, ...). */
export interface WaitingRecord {
  readonly at: number;
  readonly container: string;
  readonly reason: string;
}

export interface RestartRecord {
  readonly at: number;
  readonly container: string;
  readonly from: number;
  readonly to: number;
}

/**
 * The pod's controller (its ownerReference with `controller: true`) from `at` on; `uid` absent when it had
 * none (an orphan: the garbage collector removes the reference when its StatefulSet is deleted with Orphan).
 */
export interface ControllerRecord {
  readonly at: number;
  readonly uid?: string;
  readonly kind?: string;
  readonly name?: string;
}

/** One pod object (one UID) of an ordinal, from its first to its last watch event. */
export interface Incarnation {
  readonly ordinal: number;
  readonly name: string;
  readonly uid: string;
  /** `spec.nodeName` as last seen. */
  readonly node?: string;
  /** When the first event of this UID was received. */
  readonly createdAt: number;
  readonly createdSeq: number;
  /** `metadata.creationTimestamp` (whole seconds). */
  readonly creationTimestamp?: number;
  /** Created before recording started (so createdAt is when it was listed, not when it was made). */
  readonly preexisting: boolean;
  /** First event with a node name or PodScheduled=True. */
  readonly scheduledAt?: number;
  /** Each transition to Ready=True (the first event counts when already Ready). */
  readonly readyAt: readonly number[];
  /**
   * For each `readyAt`, the Ready condition's `lastTransitionTime` (whole seconds, the API server's clock),
   * or the `readyAt` itself when the condition has none.
   */
  readonly readySince: readonly number[];
  /** Each transition from Ready=True to not Ready while the object exists. */
  readonly unreadyAt: readonly number[];
  /** Whether the last seen status was Ready=True. */
  readonly ready: boolean;
  /** First event with phase Running. */
  readonly runningAt?: number;
  readonly phase?: string;
  /** First event with metadata.deletionTimestamp. */
  readonly deletionRequestedAt?: number;
  readonly deletionGracePeriodSeconds?: number;
  readonly deletedAt?: number;
  readonly deletedSeq?: number;
  readonly hostname?: string;
  readonly subdomain?: string;
  readonly labels: Readonly<Record<string, string>>;
  /** claimName of every PVC volume, as last seen. */
  readonly claims: readonly string[];
  /** Names of emptyDir volumes. */
  readonly emptyDirs: readonly string[];
  /** Latest restartCount per container. */
  readonly restartCounts: Readonly<Record<string, number>>;
  /** Each observed increase of a container's restartCount. */
  readonly restarts: readonly RestartRecord[];
  /** Each time a container was first seen waiting with a reason, or with another reason than before. */
  readonly waiting: readonly WaitingRecord[];
  /** The `controller-revision-hash` label, as last seen. */
  readonly revision?: string;
  /** Each change of that label once set (the controller never relabels a pod: should never happen). */
  readonly revisionChanges: readonly { readonly at: number; readonly from: string; readonly to: string }[];
  /** Its controller as first seen, then each change of it (adopted, orphaned). */
  readonly controllers: readonly ControllerRecord[];
  /** Each change of status.podIP. */
  readonly podIPs: readonly { readonly at: number; readonly ip: string }[];
  readonly events: readonly PodEventRecord[];
}

/** A pod controlled by the target StatefulSet whose name is not `S-<ordinal>`. */
export interface ForeignPod {
  readonly name: string;
  readonly uid: string;
  readonly at: number;
}

interface IncarnationDraft extends Draft<Incarnation> {
  restartCounts: Record<string, number>;
  /** The waiting reason of each container as last seen ('' when not waiting). */
  waitingNow: Record<string, string>;
}

/** The incarnations of the target's pods, from their watch events. */
export class PodHistories {
  /** Incarnations of each ordinal in creation order. */
  readonly ordinals = new Map<number, IncarnationDraft[]>();
  readonly byUid = new Map<string, IncarnationDraft>();
  readonly foreignPods: ForeignPod[] = [];
  readonly #setName: string;
  readonly #podPrefix: string;
  readonly #startedAt: number;
  readonly #events: PodEvents;

  constructor(setName: string, startedAt: number, events: PodEvents) {
    this.#setName = setName;
    this.#podPrefix = `${setName}-`;
    this.#startedAt = startedAt;
    this.#events = events;
  }

  onPod(e: PodEntry): void {
    const ordinal = parseOrdinal(e.name, this.#podPrefix);
    if (ordinal === undefined) this.#noteForeign(e);
    else this.#onIncarnation(e, ordinal);
  }

  #noteForeign(e: PodEntry): void {
    const owners = e.object.metadata.ownerReferences;
    if (e.type !== 'ADDED' || !owners) return;
    if (owners.some((o) => o.kind === 'StatefulSet' && o.name === this.#setName))
      this.foreignPods.push({ name: e.name, uid: e.uid, at: e.at });
  }

  #onIncarnation(e: PodEntry, ordinal: number): void {
    let inc = this.byUid.get(e.uid);
    if (!inc) {
      inc = this.#create(e, ordinal);
    } else if (inc.deletedAt !== undefined) {
      return; // nothing after DELETED belongs to this incarnation
    }

    const { metadata, spec, status } = e.object;
    if (metadata.labels) {
      inc.labels = metadata.labels;
      const revision = metadata.labels['controller-revision-hash'];
      if (inc.revision !== undefined && revision !== undefined && revision !== inc.revision)
        inc.revisionChanges.push({ at: e.at, from: inc.revision, to: revision });
      inc.revision = revision;
    }
    noteController(inc, e);
    if (spec.nodeName) inc.node = spec.nodeName;
    if (spec.hostname !== undefined) inc.hostname = spec.hostname;
    if (spec.subdomain !== undefined) inc.subdomain = spec.subdomain;
    if (spec.volumes) {
      const claims: string[] = [];
      const emptyDirs: string[] = [];
      for (const v of spec.volumes) {
        if (v.persistentVolumeClaim) claims.push(v.persistentVolumeClaim.claimName);
        if (v.emptyDir) emptyDirs.push(v.name);
      }
      inc.claims = claims;
      inc.emptyDirs = emptyDirs;
    }
    if (
      inc.scheduledAt === undefined &&
      (spec.nodeName || conditionStatus(status.conditions, 'PodScheduled') === 'True')
    )
      inc.scheduledAt = e.at;
    if (status.phase) inc.phase = status.phase;
    if (inc.runningAt === undefined && status.phase === 'Running') inc.runningAt = e.at;
    if (status.podIP && inc.podIPs.at(-1)?.ip !== status.podIP)
      inc.podIPs.push({ at: e.at, ip: status.podIP });
    if (status.containerStatuses) {
      for (const c of status.containerStatuses) {
        const before = inc.restartCounts[c.name];
        if (before !== undefined && c.restartCount > before)
          inc.restarts.push({ at: e.at, container: c.name, from: before, to: c.restartCount });
        inc.restartCounts[c.name] = c.restartCount;
        const reason = c.state?.waiting?.reason ?? '';
        if (reason !== '' && inc.waitingNow[c.name] !== reason)
          inc.waiting.push({ at: e.at, container: c.name, reason });
        inc.waitingNow[c.name] = reason;
      }
    }
    if (metadata.deletionGracePeriodSeconds !== undefined)
      inc.deletionGracePeriodSeconds = metadata.deletionGracePeriodSeconds;

    const ready = conditionStatus(status.conditions, 'Ready') === 'True';
    if (ready && !inc.ready) {
      inc.readyAt.push(e.at);
      const since = status.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime;
      inc.readySince.push(parseTime(since) ?? e.at);
    } else if (!ready && inc.ready && e.type !== 'DELETED') inc.unreadyAt.push(e.at);
    inc.ready = ready;

    noteDeletion(inc, e, metadata.deletionTimestamp);
  }

  #create(e: PodEntry, ordinal: number): IncarnationDraft {
    const creationTimestamp = parseTime(e.object.metadata.creationTimestamp);
    const inc: IncarnationDraft = {
      ordinal,
      name: e.name,
      uid: e.uid,
      createdAt: e.at,
      createdSeq: e.seq,
      creationTimestamp,
      // creationTimestamp has whole seconds: the pod certainly predates recording when ct + 1 s <= start.
      preexisting: creationTimestamp !== undefined && creationTimestamp + 1000 <= this.#startedAt,
      readyAt: [],
      readySince: [],
      unreadyAt: [],
      ready: false,
      labels: {},
      claims: [],
      emptyDirs: [],
      restartCounts: {},
      restarts: [],
      waiting: [],
      waitingNow: {},
      controllers: [],
      revisionChanges: [],
      podIPs: [],
      events: this.#events.take(e.uid),
    };
    this.byUid.set(e.uid, inc);
    getOrInsert(this.ordinals, ordinal, () => []).push(inc);
    return inc;
  }
}

/** Records the pod's controller ownerReference when it differs from the last one recorded. */
function noteController(inc: IncarnationDraft, e: PodEntry): void {
  const ref = e.object.metadata.ownerReferences?.find((o) => o.controller === true);
  const last = inc.controllers.at(-1);
  if (last && last.uid === ref?.uid) return;
  inc.controllers.push(ref ? { at: e.at, uid: ref.uid, kind: ref.kind, name: ref.name } : { at: e.at });
}
