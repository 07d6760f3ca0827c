/** What the recreate tests compare: the StatefulSet as the user made it (spec, labels, annotations). */
import type * as k8s from '@kubernetes/client-node';
import { kubectlJson } from './helpers.ts';

export async function savedSpec(ns: string, name = 'web'): Promise<unknown> {
  const sts = await kubectlJson<k8s.V1StatefulSet>('-n', ns, 'get', 'statefulset', name);
  const { labels, annotations } = sts.metadata ?? {};
  return { labels, annotations, spec: sts.spec };
}
