import { getOrInsert } from '../collections.ts';
import type { VolumeAttachmentEntry, VolumeErrorSnapshot } from '../types.ts';
import { type Draft, parseTime } from './common.ts';

/** An attachError or detachError of a VolumeAttachment, once per distinct error. */
export interface VolumeErrorRecord {
  /** When the watch event that first carried it arrived. */
  readonly at: number;
  /** Its own `time` (whole seconds, the attacher's clock), when it has one. */
  readonly time?: number;
  readonly message: string;
}

/**
 * One attach cycle of a PersistentVolume on a node: a VolumeAttachment object from its creation until it
 * is gone (or, should the same object be attached again after it was detached, each cycle apart).
 */
export interface Attachment {
  /** The VolumeAttachment's name. */
  readonly name: string;
  readonly uid: string;
  /** `spec.source.persistentVolumeName`. */
  readonly volume: string;
  /** `spec.nodeName`. */
  readonly node: string;
  /** `spec.attacher`: the CSI driver. */
  readonly attacher?: string;
  /** When the object (or this cycle) was first seen. */
  readonly createdAt: number;
  /** Created before recording started: what it was then, it had been for some time already. */
  readonly preexisting: boolean;
  /** The first event with `status.attached` true. */
  readonly attachedAt?: number;
  /** The first event with a deletionTimestamp (the attach/detach controller asked for the detach). */
  readonly detachRequestedAt?: number;
  /** When it stopped being attached, once attached: `status.attached` false, or the object gone. */
  readonly detachedAt?: number;
  /** The object's DELETED event. */
  readonly deletedAt?: number;
  readonly attachErrors: readonly VolumeErrorRecord[];
  readonly detachErrors: readonly VolumeErrorRecord[];
}

/**
 * The VolumeAttachments of the target's volumes, by PersistentVolume name, from their watch events (the
 * recorder keeps only those whose source is one of the target's claims' volumes). Each volume's attachments
 * are in the order they were first seen.
 */
export class AttachmentHistories {
  readonly byVolume = new Map<string, Draft<Attachment>[]>();
  /** The current cycle of each object, by UID. */
  readonly #current = new Map<string, Draft<Attachment>>();
  readonly #startedAt: number;

  constructor(startedAt: number) {
    this.#startedAt = startedAt;
  }

  onAttachment(e: VolumeAttachmentEntry): void {
    const { metadata, spec, status } = e.object;
    const volume = spec.source.persistentVolumeName;
    if (!volume) return; // an inline volume: not one of the target's claims
    let a = this.#current.get(e.uid);
    if (a?.deletedAt !== undefined) return;
    const attached = status.attached === true;
    // Attached again after a detach, same object: a new cycle.
    if (!a || (a.detachedAt !== undefined && attached && e.type !== 'DELETED')) {
      const created = parseTime(metadata.creationTimestamp);
      a = {
        name: e.name,
        uid: e.uid,
        volume,
        node: spec.nodeName ?? '',
        createdAt: e.at,
        // creationTimestamp has whole seconds: made before recording when ct + 1 s <= start.
        preexisting: !this.#current.has(e.uid) && created !== undefined && created + 1000 <= this.#startedAt,
        attachErrors: [],
        detachErrors: [],
      };
      this.#current.set(e.uid, a);
      getOrInsert(this.byVolume, volume, () => []).push(a);
    }
    if (spec.attacher) a.attacher = spec.attacher;
    if (attached && a.attachedAt === undefined) a.attachedAt = e.at;
    if (a.attachedAt !== undefined && a.detachedAt === undefined && (!attached || e.type === 'DELETED'))
      a.detachedAt = e.at;
    if (metadata.deletionTimestamp !== undefined || e.type === 'DELETED') a.detachRequestedAt ??= e.at;
    if (e.type === 'DELETED') a.deletedAt = e.at;
    noteError(a.attachErrors, e.at, status.attachError);
    noteError(a.detachErrors, e.at, status.detachError);
  }
}

/** Appends the error when it is not the one recorded last. */
function noteError(list: Draft<VolumeErrorRecord>[], at: number, err: VolumeErrorSnapshot | undefined): void {
  if (!err?.message) return;
  const last = list.at(-1);
  const time = parseTime(err.time);
  if (last && last.message === err.message && last.time === time) return;
  list.push(time === undefined ? { at, message: err.message } : { at, time, message: err.message });
}
