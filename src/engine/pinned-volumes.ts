import type { FaultId } from '../config/types.ts';
import { ApiError, type KubeHttp } from '../kube/http.ts';
import type { List } from '../kube/objects.ts';
import { pinnedNodes, type VolumeNodeAffinity } from '../kube/volume-pinning.ts';
import { ordinals, podName, type Target } from './target.ts';

/** The faults that need an ordinal to move to another node. */
const MOVING: readonly FaultId[] = ['node-cordon', 'node-drain', 'node-loss'];

interface Claim {
  readonly metadata: { readonly name: string };
  readonly spec?: { readonly volumeName?: string };
}
interface Volume {
  readonly metadata: { readonly name: string };
  readonly spec?: { readonly nodeAffinity?: VolumeNodeAffinity };
}

/** Each of the target's claims whose volume is pinned to nodes: "data-web-0 → lab-n1". */
export function pinnedClaims(
  t: Pick<Target, 'name' | 'replicas' | 'ordinalsStart' | 'claimTemplates'>,
  claims: readonly Claim[],
  volumes: readonly Volume[],
): string[] {
  const pvs = new Map(volumes.map((v) => [v.metadata.name, v]));
  const out: string[] = [];
  for (const o of ordinals(t as Target))
    for (const tmpl of t.claimTemplates) {
      const name = `${tmpl}-${podName(t as Target, o)}`;
      const pv = pvs.get(claims.find((c) => c.metadata.name === name)?.spec?.volumeName ?? '');
      const nodes = pinnedNodes(pv?.spec?.nodeAffinity);
      if (nodes) out.push(`${name} → ${nodes.join(' or ')}`);
    }
  return out;
}

/**
 * The preflight line that warns of volumes pinned to their nodes (a PersistentVolume whose node affinity
 * names its node: local storage, the default on kind and k3s), when a planned fault must move an ordinal
 * to another node. Undefined when no such fault is planned or nothing is pinned.
 */
export async function pinnedVolumesLine(
  http: KubeHttp,
  t: Target,
  faults: readonly FaultId[],
): Promise<string | undefined> {
  const moving = faults.filter((f) => MOVING.includes(f));
  if (moving.length === 0 || t.claimTemplates.length === 0) return undefined;
  let claims: List<Claim>;
  let volumes: List<Volume>;
  try {
    claims = await http.request<List<Claim>>(
      'list',
      `/api/v1/namespaces/${t.namespace}/persistentvolumeclaims`,
    );
    volumes = await http.request<List<Volume>>('list', '/api/v1/persistentvolumes');
  } catch (e) {
    if (e instanceof ApiError && e.status === 403)
      return 'volume placement: the PersistentVolumes cannot be listed (RBAC): a volume pinned to its node is not known before the faults';
    throw e;
  }
  const pinned = pinnedClaims(t, claims.items, volumes.items);
  if (pinned.length === 0) return undefined;
  return `WARNING volumes pinned to their nodes (PersistentVolume node affinity: local storage): ${pinned.join(', ')}: ${moving.join(', ')} cannot move these ordinals to another node; their pods stay Pending until the node is back (the cordon and drain steps say so and uncordon at once)`;
}
