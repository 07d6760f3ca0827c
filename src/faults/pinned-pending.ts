import type { Pod } from '../kube/objects.ts';
import { pinnedNodes, type VolumeNodeAffinity } from '../kube/volume-pinning.ts';
import { WaitTimeoutError } from '../timeline/recorder.ts';
import type { FaultEnv, Victim } from './types.ts';

interface Claim {
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec?: { readonly volumeName?: string };
}
interface Volume {
  readonly metadata: { readonly name: string };
  readonly spec?: { readonly nodeAffinity?: VolumeNodeAffinity };
}
interface NodeLike {
  readonly metadata: { readonly name: string };
  readonly spec?: { readonly unschedulable?: boolean };
  readonly status?: { readonly conditions?: readonly { readonly type: string; readonly status: string }[] };
}

/** The objects one look needs: the target's pods, claims, volumes and the nodes. */
export interface PinnedView {
  readonly pods: readonly Pod[];
  readonly claims: readonly Claim[];
  readonly volumes: readonly Volume[];
  readonly nodes: readonly NodeLike[];
}

const usable = (n: NodeLike | undefined) =>
  !!n &&
  !n.spec?.unschedulable &&
  !!n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

/**
 * Why the victim's replacement is Pending because a volume of its keeps it on nodes it cannot use now
 * ("Pending: volume pinned to node …"), or undefined: not replaced yet, scheduled, or not for that reason.
 */
export function pinnedPending(view: PinnedView, victim: Pick<Victim, 'pod' | 'uid'>): string | undefined {
  const pod = view.pods.find((p) => p.metadata.name === victim.pod && p.metadata.uid !== victim.uid);
  if (!pod || pod.spec?.nodeName || pod.metadata.deletionTimestamp) return undefined;
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status !== 'False') return undefined;
  for (const v of pod.spec?.volumes ?? []) {
    const claimName = v.persistentVolumeClaim?.claimName;
    if (!claimName) continue;
    const claim = view.claims.find((c) => c.metadata.name === claimName);
    const pv = view.volumes.find((x) => x.metadata.name === claim?.spec?.volumeName);
    const nodes = pinnedNodes(pv?.spec?.nodeAffinity);
    if (!nodes || nodes.some((n) => usable(view.nodes.find((x) => x.metadata.name === n)))) continue;
    const states = nodes.map((n) => {
      const node = view.nodes.find((x) => x.metadata.name === n);
      return `${n} (${!node ? 'gone' : node.spec?.unschedulable ? 'cordoned' : 'not Ready'})`;
    });
    const why = scheduled.message ? `; the scheduler: ${scheduled.message}` : '';
    return `Pending: volume pinned to node ${nodes.join(' or ')}: ${claimName} is bound to ${pv?.metadata.name}, whose node affinity allows only ${states.join(', ')}: the ordinal cannot move off its node${why}`;
  }
  return undefined;
}

/**
 * After a cordoned fault removed the victim: waits until its replacement is scheduled, or is seen Pending
 * on a volume pinned to its node (returned, within seconds of the scheduler's verdict). A wait that runs out
 * returns undefined: recovery then waits and reports what it saw.
 */
export async function waitPlacedOrPinned(env: FaultEnv, victim: Victim): Promise<string | undefined> {
  const view = (): PinnedView => ({
    pods: env.recorder.objects<Pod>('Pod'),
    claims: env.recorder.objects<Claim>('PersistentVolumeClaim'),
    volumes: env.recorder.objects<Volume>('PersistentVolume'),
    nodes: env.recorder.objects<NodeLike>('Node'),
  });
  const placed = () =>
    env.recorder
      .objects<Pod>('Pod')
      .some((p) => p.metadata.name === victim.pod && p.metadata.uid !== victim.uid && !!p.spec?.nodeName);
  try {
    await env.recorder.waitFor(
      `${victim.pod} to be placed on a node again`,
      env.config.budget,
      () => placed() || pinnedPending(view(), victim) !== undefined,
      () => pinnedPending(view(), victim) ?? `${victim.pod} not placed yet`,
      env.signal,
    );
  } catch (e) {
    if (e instanceof WaitTimeoutError && !env.signal.aborted) return undefined;
    throw e;
  }
  return placed() ? undefined : pinnedPending(view(), victim);
}
