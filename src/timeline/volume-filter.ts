/**
 * Which VolumeAttachments the recorder keeps: those of the target's volumes. A volume is the target's once
 * a kept claim names it (`spec.volumeName`) or it is a kept PersistentVolume (its claimRef names one of the
 * target's claims: the PersistentVolume watch's own filter). Names are never forgotten, so an attachment's
 * last events (its detach, its deletion) are recorded after its claim or volume is gone.
 */

interface ClaimLike {
  readonly metadata?: { readonly name?: string };
  readonly spec?: { readonly volumeName?: string };
}

interface VolumeLike {
  readonly metadata?: { readonly name?: string };
}

interface AttachmentLike {
  readonly metadata?: { readonly name?: string };
  readonly spec?: { readonly source?: { readonly persistentVolumeName?: string } };
}

export class TargetVolumes {
  readonly #names = new Set<string>();

  /** A kept claim's event: its volume is the target's. */
  onClaim(c: ClaimLike): void {
    const name = c.spec?.volumeName;
    if (name) this.#names.add(name);
  }

  /** A kept PersistentVolume's event. */
  onVolume(v: VolumeLike): void {
    const name = v.metadata?.name;
    if (name) this.#names.add(name);
  }

  has(name: string): boolean {
    return this.#names.has(name);
  }

  /** The VolumeAttachment watch's filter: an attachment of one of the target's volumes. */
  attachmentFilter(): (a: AttachmentLike) => boolean {
    return (a) => this.has(a.spec?.source?.persistentVolumeName ?? '');
  }

  /** `keep`, noting with `note` what it keeps. */
  static noting<T>(keep: (o: T) => boolean, note: (o: T) => void): (o: T) => boolean {
    return (o) => {
      if (!keep(o)) return false;
      note(o);
      return true;
    };
  }
}
