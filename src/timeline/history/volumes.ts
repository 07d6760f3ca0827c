import type { PvEntry } from '../types.ts';
import type { ClaimNames } from './claims.ts';
import type { Draft } from './common.ts';

/** A PersistentVolume whose claimRef named one of the target's claims when first seen. */
export interface VolumeHistory {
  readonly name: string;
  readonly uid: string;
  readonly claimName?: string;
  readonly claimUid?: string;
  readonly phase?: string;
  readonly reclaimPolicy?: string;
  /** `spec.accessModes` as last seen. */
  readonly accessModes?: readonly string[];
  readonly createdAt: number;
  readonly deletedAt?: number;
}

/** The target's PersistentVolumes, from their watch events. */
export class VolumeHistories {
  readonly byName = new Map<string, Draft<VolumeHistory>>();
  readonly #namespace: string;
  readonly #claims: ClaimNames;

  constructor(namespace: string, claims: ClaimNames) {
    this.#namespace = namespace;
    this.#claims = claims;
  }

  onVolume(e: PvEntry): void {
    let pv = this.byName.get(e.name);
    const { spec, status } = e.object;
    const ref = spec.claimRef;
    if (!pv) {
      if (!ref?.name || (ref.namespace !== undefined && ref.namespace !== this.#namespace)) return;
      if (this.#claims.parse(ref.name) === undefined) return;
      pv = { name: e.name, uid: e.uid, createdAt: e.at };
      this.byName.set(e.name, pv);
    }
    if (ref?.name) pv.claimName = ref.name;
    if (ref?.uid) pv.claimUid = ref.uid;
    if (status.phase) pv.phase = status.phase;
    if (spec.persistentVolumeReclaimPolicy) pv.reclaimPolicy = spec.persistentVolumeReclaimPolicy;
    if (spec.accessModes) pv.accessModes = [...spec.accessModes];
    if (e.type === 'DELETED') pv.deletedAt = e.at;
  }
}
