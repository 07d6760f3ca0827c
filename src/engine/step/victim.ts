import type { RunConfig } from '../../config/types.ts';
import type { BlastRadius, Victim } from '../../faults/types.ts';
import type { Pod } from '../../kube/objects.ts';
import type { Target } from '../target.ts';
import { ordinals, podName } from '../target.ts';

/** Restarts of one container of a pod (a sidecar's restarts are not the target's). */
export function restarts(p: Pod, container: string): number {
  return p.status?.containerStatuses?.find((c) => c.name === container)?.restartCount ?? 0;
}

/**
 * The pod a fault acts on: `--ordinal`, else the highest ordinal that has a pod. A fault whose blast
 * radius is the node only takes a pod on a node that holds at most --max-disrupted of the target's pods.
 * Returns why there is none, as one line, when no pod qualifies.
 */
export function chooseVictim(
  pods: ReadonlyMap<string, Pod>,
  target: Target,
  config: Pick<RunConfig, 'ordinal' | 'maxDisrupted'>,
  radius: BlastRadius,
  /** The node sts-chaos itself runs on (in the cluster): a node fault never takes it. @default none */
  ownNode?: string,
): Victim | string {
  const all = ordinals(target);
  const byNode = new Map<string, number>();
  for (const i of all) {
    const n = pods.get(podName(target, i))?.spec?.nodeName;
    if (n) byNode.set(n, (byNode.get(n) ?? 0) + 1);
  }
  // An update replaces the highest ordinal first, whatever --ordinal says.
  const candidates = config.ordinal !== undefined && radius !== 'set' ? [config.ordinal] : [...all].reverse();
  for (const i of candidates) {
    const p = pods.get(podName(target, i));
    if (!p) continue;
    const node = p.spec?.nodeName ?? '';
    if (radius === 'node' && (byNode.get(node) ?? 0) > config.maxDisrupted) continue;
    if (radius === 'node' && ownNode && node === ownNode) continue;
    return {
      ordinal: i,
      pod: p.metadata.name,
      uid: p.metadata.uid,
      node,
      restartCount: restarts(p, target.container),
    };
  }
  if (radius === 'node')
    return `every node of ${target.name} holds more than --max-disrupted=${config.maxDisrupted} of its pods${ownNode ? ` or is the node sts-chaos itself runs on (${ownNode})` : ''}: a node fault would disrupt more ordinals at once than allowed`;
  return config.ordinal !== undefined
    ? `${podName(target, config.ordinal)} does not exist`
    : 'the target has no pods';
}
