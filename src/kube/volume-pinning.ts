/**
 * Volumes pinned to nodes: a PersistentVolume whose required node affinity names its node(s) by hostname
 * (local volumes, local-path and hostPath-style provisioners: the default on kind and k3s). A pod on such a
 * volume can only run on those nodes, so a node fault cannot move its ordinal anywhere else.
 */

/** The label the pinning is read from. */
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[];
}

/** A PersistentVolume's `spec.nodeAffinity`, as far as it is read. */
export interface VolumeNodeAffinity {
  readonly required?: {
    readonly nodeSelectorTerms?: readonly {
      readonly matchExpressions?: readonly NodeSelectorRequirement[];
    }[];
  };
}

/**
 * The nodes a volume's pods may run on, when its node affinity names them by hostname in every term
 * (terms are ORed: the union of their hostnames); undefined when some term does not limit the hostname
 * (e.g. a zone only: the volume may follow its pod within the zone) or there is no affinity.
 */
export function pinnedNodes(affinity: VolumeNodeAffinity | undefined): string[] | undefined {
  const terms = affinity?.required?.nodeSelectorTerms ?? [];
  if (terms.length === 0) return undefined;
  const nodes = new Set<string>();
  for (const term of terms) {
    const hostIn = (term.matchExpressions ?? []).filter(
      (r) => r.key === HOSTNAME_LABEL && r.operator === 'In' && (r.values?.length ?? 0) > 0,
    );
    if (hostIn.length === 0) return undefined;
    // Several hostname requirements in one term are ANDed: only the names in all of them.
    const [first, ...rest] = hostIn.map((r) => new Set(r.values));
    for (const n of first ?? []) if (rest.every((s) => s.has(n))) nodes.add(n);
  }
  return [...nodes].sort();
}
