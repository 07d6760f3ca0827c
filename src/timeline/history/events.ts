import { getOrInsert } from '../collections.ts';
import type { EventEntry } from '../types.ts';
import { parseOrdinal } from './common.ts';

/** A core Event about a pod (Scheduled, SuccessfulAttachVolume, Pulled, Started, Unhealthy, Killing ...). */
export interface PodEventRecord {
  readonly at: number;
  readonly reason: string;
  readonly message?: string;
}

/**
 * Events about the target's pods, attached to the incarnation they are about. An Event can arrive before
 * the first watch event of its pod: it waits here until the pod's incarnation {@link take}s it.
 */
export class PodEvents {
  readonly #podPrefix: string;
  readonly #pending = new Map<string, PodEventRecord[]>();

  constructor(podPrefix: string) {
    this.#podPrefix = podPrefix;
  }

  /** The events that arrived for `uid` before its incarnation did (they are its own from now on). */
  take(uid: string): PodEventRecord[] {
    const events = this.#pending.get(uid) ?? [];
    this.#pending.delete(uid);
    return events;
  }

  onEvent(e: EventEntry, incarnations: ReadonlyMap<string, { readonly events: PodEventRecord[] }>): void {
    if (e.type === 'DELETED') return; // events expire; their deletion says nothing
    const io = e.object.involvedObject;
    if (io.kind !== 'Pod' || !io.uid || !io.name || !e.object.reason) return;
    if (parseOrdinal(io.name, this.#podPrefix) === undefined) return;
    const record: PodEventRecord = { at: e.at, reason: e.object.reason, message: e.object.message };
    const inc = incarnations.get(io.uid);
    if (inc) inc.events.push(record);
    else getOrInsert(this.#pending, io.uid, () => []).push(record);
  }
}
