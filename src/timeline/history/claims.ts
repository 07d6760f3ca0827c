import { getOrInsert } from '../collections.ts';
import type { PvcEntry } from '../types.ts';
import { type Draft, noteDeletion, parseOrdinal } from './common.ts';

/** One PVC object (one UID) of a claim name `T-S-i`. */
export interface ClaimIncarnation {
  readonly name: string;
  readonly template: string;
  readonly ordinal: number;
  readonly uid: string;
  readonly createdAt: number;
  readonly createdSeq: number;
  readonly volumeName?: string;
  /** Each change of spec.volumeName after it was first set (a rebinding; should never happen). */
  readonly volumeChanges: readonly { readonly at: number; readonly from: string; readonly to: string }[];
  readonly boundAt?: number;
  /** `spec.accessModes` as last seen. */
  readonly accessModes?: readonly string[];
  readonly phase?: string;
  readonly deletionRequestedAt?: number;
  readonly deletedAt?: number;
  readonly deletedSeq?: number;
}

/** The claim names of a StatefulSet's volumeClaimTemplates: `T-S-i`. */
export class ClaimNames {
  readonly #prefixes: readonly { readonly template: string; readonly prefix: string }[];

  constructor(setName: string, templates: readonly string[]) {
    this.#prefixes = templates.map((template) => ({ template, prefix: `${template}-${setName}-` }));
  }

  /** The template and ordinal of `name` when it is one of the set's claim names, else undefined. */
  parse(name: string): { readonly template: string; readonly ordinal: number } | undefined {
    for (const { template, prefix } of this.#prefixes) {
      const ordinal = parseOrdinal(name, prefix);
      if (ordinal !== undefined) return { template, ordinal };
    }
    return undefined;
  }
}

/** The incarnations of the target's claims, from their watch events. */
export class ClaimHistories {
  /** Incarnations of each claim name `T-S-i`, in creation order. */
  readonly byName = new Map<string, Draft<ClaimIncarnation>[]>();
  readonly #byUid = new Map<string, Draft<ClaimIncarnation>>();
  readonly #names: ClaimNames;

  constructor(names: ClaimNames) {
    this.#names = names;
  }

  onClaim(e: PvcEntry): void {
    let claim = this.#byUid.get(e.uid);
    if (!claim) {
      const parsed = this.#names.parse(e.name);
      if (!parsed) return;
      claim = {
        name: e.name,
        template: parsed.template,
        ordinal: parsed.ordinal,
        uid: e.uid,
        createdAt: e.at,
        createdSeq: e.seq,
        volumeChanges: [],
      };
      this.#byUid.set(e.uid, claim);
      getOrInsert(this.byName, e.name, () => []).push(claim);
    } else if (claim.deletedAt !== undefined) {
      return;
    }
    const pvc = e.object;
    const volumeName = pvc.spec.volumeName;
    if (volumeName) {
      if (claim.volumeName && claim.volumeName !== volumeName)
        claim.volumeChanges.push({ at: e.at, from: claim.volumeName, to: volumeName });
      claim.volumeName = volumeName;
    }
    if (pvc.spec.accessModes) claim.accessModes = [...pvc.spec.accessModes];
    if (pvc.status.phase) claim.phase = pvc.status.phase;
    if (claim.boundAt === undefined && pvc.status.phase === 'Bound') claim.boundAt = e.at;
    noteDeletion(claim, e, pvc.metadata.deletionTimestamp);
  }
}
