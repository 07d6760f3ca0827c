import type { Attachment, ClaimIncarnation, Derived, Incarnation } from '../timeline/incarnations.ts';
import { watchForbidden } from '../timeline/queries.ts';
import { claimAt } from './claims.ts';

/** What the checks read of the target's volumes' attachments (VOL-6, REC-1's attach phase). */

/** Access modes under which the attach/detach controller attaches a volume to one node at a time. */
const SINGLE_NODE = new Set(['ReadWriteOnce', 'ReadWriteOncePod']);

/** Why the VolumeAttachments were not recorded (the recorder's watch was forbidden), or undefined. */
export function attachmentsUnwatched(derived: Derived): string | undefined {
  return watchForbidden(derived, 'VolumeAttachment');
}

/** The claim (the object that existed at t, else the last one) whose `spec.volumeName` is `volume`. */
export function claimOfVolume(derived: Derived, volume: string, t: number): ClaimIncarnation | undefined {
  const name = derived.volumes.get(volume)?.claimName;
  const candidates = name
    ? (derived.claims.get(name) ?? [])
    : [...derived.claims.values()].flat().filter((c) => c.volumeName === volume);
  const bound = candidates.filter((c) => c.volumeName === volume);
  return claimAt(bound, t) ?? bound.at(-1);
}

/**
 * The access modes of a volume: the PersistentVolume's (what the attach/detach controller reads), else its
 * claim's; empty when neither was recorded.
 */
export function accessModesOf(derived: Derived, volume: string, t: number): readonly string[] {
  const claim = claimOfVolume(derived, volume, t);
  const fromPv = derived.volumes.get(volume)?.accessModes;
  return fromPv?.length ? fromPv : (claim?.accessModes ?? []);
}

/**
 * Whether the volume may be attached to one node only: any of its access modes is ReadWriteOnce or
 * ReadWriteOncePod (so the controller reads it), or none was recorded (a StatefulSet's usual claim).
 */
export function singleNode(modes: readonly string[]): boolean {
  return modes.length === 0 || modes.some((m) => SINGLE_NODE.has(m));
}

/** The volumes an incarnation mounts at t: for each claim it names, the volume that claim was bound to. */
export function volumesOf(derived: Derived, inc: Incarnation, t: number): string[] {
  const out: string[] = [];
  for (const name of inc.claims) {
    const list = derived.claims.get(name);
    const claim = claimAt(list, t) ?? list?.filter((c) => c.createdAt <= t).at(-1);
    if (claim?.volumeName) out.push(claim.volumeName);
  }
  return out;
}

/** "data-web-1 (pvc-…)", or the volume alone when no claim of the target names it. */
export function volumeRef(derived: Derived, volume: string, t: number): string {
  const claim = claimOfVolume(derived, volume, t);
  return claim ? `${claim.name} (${volume})` : volume;
}

/** The attachment of `volume` to `node` that was attached at t (or became so first after it, up to `to`). */
export function attachmentOn(
  derived: Derived,
  volume: string,
  node: string,
  from: number,
  to: number,
): Attachment | undefined {
  return (derived.attachments.get(volume) ?? []).find(
    (a) =>
      a.node === node &&
      a.attachedAt !== undefined &&
      a.attachedAt <= to &&
      (a.detachedAt === undefined || a.detachedAt > from),
  );
}

/**
 * REC-1's attach step of a new pod: when every volume of it that has VolumeAttachments was attached to its
 * node (from `scheduled` on: one attached before counts from `scheduled`), up to `readyAt`. `none` when the
 * VolumeAttachments were watched and none of its volumes ever had one (no attach step: hostPath or local
 * volumes, a driver without attachRequired, no volumes at all); undefined when that cannot be told.
 */
export function attachStep(
  derived: Derived,
  inc: Incarnation,
  scheduled: number,
  readyAt: number,
): number | 'none' | undefined {
  if (attachmentsUnwatched(derived) !== undefined || inc.node === undefined) return undefined;
  const volumes = volumesOf(derived, inc, readyAt);
  const attachable = volumes.filter((v) => (derived.attachments.get(v)?.length ?? 0) > 0);
  if (attachable.length === 0) return 'none';
  let latest: number | undefined;
  for (const v of attachable) {
    const a = attachmentOn(derived, v, inc.node, scheduled, readyAt);
    if (a?.attachedAt === undefined) return undefined;
    latest = Math.max(latest ?? scheduled, a.attachedAt, scheduled);
  }
  return latest;
}
