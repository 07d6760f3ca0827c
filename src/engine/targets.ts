/**
 * The StatefulSets a run tests: every `--target`, in the order given, then those `--selector` matches in
 * its namespace (by name), each once.
 */
import type { RunConfig, TargetRef } from '../config/types.ts';
import { RefusedError, UsageError } from '../errors.ts';
import { ApiError, type KubeHttp } from '../kube/http.ts';
import type { StatefulSet } from '../kube/objects.ts';

/** `ns/name`, as the logs and reports name a target. */
export const targetName = (t: TargetRef): string => `${t.namespace}/${t.name}`;

/** Whether a run tests several targets (then each gets its own report directory): more than one given, or a selector. */
export function isMultiTarget(cfg: Pick<RunConfig, 'targets' | 'selector'>): boolean {
  return cfg.targets.length > 1 || cfg.selector !== undefined;
}

type Lister = Pick<KubeHttp, 'request'>;

/**
 * The targets of `cfg`. A selector's list needs `statefulsets list` in its namespace; a selector the API
 * server refuses is a usage error, one that matches nothing a refusal (nothing would be tested).
 */
export async function resolveTargets(
  http: Lister,
  cfg: Pick<RunConfig, 'targets' | 'selector'>,
): Promise<TargetRef[]> {
  const out: TargetRef[] = [...cfg.targets];
  const sel = cfg.selector;
  if (!sel) return out;
  const path = `/apis/apps/v1/namespaces/${sel.namespace}/statefulsets`;
  let items: StatefulSet[];
  try {
    const list = await http.request<{ items?: StatefulSet[] }>('list', path, {
      query: { labelSelector: sel.labels },
    });
    items = list.items ?? [];
  } catch (e) {
    if (e instanceof ApiError && e.status === 400)
      throw new UsageError(
        `--selector ${sel.namespace}/${sel.labels}: the API server refused it: ${e.message}`,
      );
    if (e instanceof ApiError && e.status === 403)
      throw new UsageError(
        `--selector ${sel.namespace}/${sel.labels}: cannot list statefulsets in ${sel.namespace}: forbidden (name the targets with --target instead, or grant list)`,
      );
    throw e;
  }
  const names = items.flatMap((s) => (s.metadata?.name ? [s.metadata.name] : [])).sort();
  if (names.length === 0 && out.length === 0)
    throw new RefusedError(`no StatefulSet in ${sel.namespace} matches ${sel.labels}: nothing to test`);
  for (const name of names)
    if (!out.some((t) => t.namespace === sel.namespace && t.name === name))
      out.push({ namespace: sel.namespace, name });
  return out;
}
