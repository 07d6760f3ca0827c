import { UsageError } from '../errors.ts';
import type { KubeHttp } from '../kube/http.ts';
import { ApiError } from '../kube/http.ts';
import type { StatefulSet } from '../kube/objects.ts';
import type { TimelineTarget } from '../timeline/types.ts';
import { pickContainer } from './container.ts';

/** The target StatefulSet as the engine needs it. */
export interface Target extends TimelineTarget {
  readonly selector: string;
  /** The container the faults, markers, role queries and probe freezes act on (the one holding the state). */
  readonly container: string;
  /** Why that container was picked (plan and preflight say it). */
  readonly containerWhy?: string;
  /** Mount path of each claim template in that container. */
  readonly claimMounts: Readonly<Record<string, string>>;
  readonly statefulSet: StatefulSet;
}

/** Reads the target; a missing namespace, a missing object or another kind of object is a usage error. */
export async function loadTarget(
  http: KubeHttp,
  namespace: string,
  name: string,
  container?: string,
  dataPaths: readonly string[] = [],
): Promise<Target> {
  let sts: StatefulSet;
  try {
    sts = await http.request('get', `/apis/apps/v1/namespaces/${namespace}/statefulsets/${name}`);
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 404)) {
      if (e instanceof ApiError && e.status === 403)
        throw new UsageError(
          `cannot read statefulset ${namespace}/${name}: forbidden (the service account lacks get on statefulsets in ${namespace})`,
        );
      throw e;
    }
    await explainMissing(http, namespace, name);
    throw new UsageError(`statefulset ${namespace}/${name} not found`);
  }
  const tpl = sts.spec?.template?.spec ?? {};
  const containers = tpl.containers ?? [];
  const templates = (sts.spec?.volumeClaimTemplates ?? []).flatMap((t) =>
    t.metadata?.name ? [t.metadata.name] : [],
  );
  const picked = pickContainer(containers, templates, dataPaths, container);
  if (typeof picked === 'string') throw new UsageError(`statefulset ${namespace}/${name} ${picked}`);
  const c = containers.find((x) => x.name === picked.name);
  const claimMounts: Record<string, string> = {};
  for (const m of c?.volumeMounts ?? []) if (templates.includes(m.name)) claimMounts[m.name] = m.mountPath;
  const labels = sts.spec?.selector?.matchLabels ?? {};
  if (sts.spec?.replicas === 0)
    throw new UsageError(
      `statefulset ${namespace}/${name} has 0 replicas: there is nothing to test (scale it up first)`,
    );
  return {
    namespace,
    name,
    serviceName: sts.spec?.serviceName ?? '',
    replicas: sts.spec?.replicas ?? 1,
    ordinalsStart: sts.spec?.ordinals?.start ?? 0,
    podManagementPolicy: sts.spec?.podManagementPolicy === 'Parallel' ? 'Parallel' : 'OrderedReady',
    claimTemplates: templates,
    selector: Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
    container: picked.name,
    containerWhy: picked.why,
    claimMounts,
    statefulSet: sts,
  };
}

async function explainMissing(http: KubeHttp, namespace: string, name: string): Promise<void> {
  try {
    await http.request('get', `/api/v1/namespaces/${namespace}`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) throw new UsageError(`namespace ${namespace} not found`);
    return;
  }
  for (const [kind, path] of [
    ['Deployment', `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`],
    ['DaemonSet', `/apis/apps/v1/namespaces/${namespace}/daemonsets/${name}`],
    ['ReplicaSet', `/apis/apps/v1/namespaces/${namespace}/replicasets/${name}`],
  ] as const) {
    try {
      await http.request('get', path);
      throw new UsageError(`${namespace}/${name} is a ${kind}, not a StatefulSet`);
    } catch (e) {
      if (e instanceof UsageError) throw e;
    }
  }
}

export function podName(t: Target, ordinal: number): string {
  return `${t.name}-${ordinal}`;
}

export function ordinals(t: Target): number[] {
  return Array.from({ length: t.replicas }, (_, i) => t.ordinalsStart + i);
}
