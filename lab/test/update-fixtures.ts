/**
 * Lab targets made from the demo: in its own namespace, with the update strategy, policy or StorageClass a
 * test needs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { expect } from 'chai';
import { isReady, kubectl, kubectlJson, ROOT } from './helpers.ts';

/**
 * The demo as `ns/web`, its update strategy and pod management policy as given (YAML flow maps), rolled
 * out. The lab's demo is the one manifest; each target is a variant of it, not a copy.
 */
export async function demoAs(
  ns: string,
  o: {
    strategy?: string;
    policy?: 'OrderedReady' | 'Parallel';
    minReadySeconds?: number;
    /** The claims' StorageClass. @default the lab's default (lab-hostpath) */
    storageClass?: string;
    /** The readiness probe's initialDelaySeconds (a slower target). @default none */
    readinessDelay?: number;
  } = {},
): Promise<void> {
  let text = readFileSync(join(ROOT, 'lab', 'manifests', 'demo.yaml'), 'utf8').replaceAll('sts-demo', ns);
  if (o.storageClass)
    text = text.replace(
      '      accessModes: [ReadWriteOnce]\n',
      `      accessModes: [ReadWriteOnce]\n      storageClassName: ${o.storageClass}\n`,
    );
  if (o.readinessDelay)
    text = text.replace(
      '        readinessProbe:\n',
      `        readinessProbe:\n          initialDelaySeconds: ${o.readinessDelay}\n`,
    );
  if (o.policy) text = text.replace('podManagementPolicy: OrderedReady', `podManagementPolicy: ${o.policy}`);
  if (o.strategy) text = text.replace('  replicas: 3\n', `  replicas: 3\n  updateStrategy: ${o.strategy}\n`);
  if (o.minReadySeconds)
    text = text.replace('  replicas: 3\n', `  replicas: 3\n  minReadySeconds: ${o.minReadySeconds}\n`);
  const file = join(tmpdir(), `sts-chaos-${ns}.yaml`);
  writeFileSync(file, text);
  await kubectl('apply', '-f', file);
  // `rollout status` knows RollingUpdate only: under OnDelete, every replica Ready.
  if (o.strategy?.includes('OnDelete'))
    await kubectl(
      '-n',
      ns,
      'wait',
      'statefulset/web',
      '--for=jsonpath={.status.readyReplicas}=3',
      '--timeout=180s',
    );
  else await kubectl('-n', ns, 'rollout', 'status', 'statefulset/web', '--timeout=180s');
}

/** The StatefulSet's template image, partition and strategy now, and whether every pod is Ready. */
export async function targetState(
  ns: string,
): Promise<{ image: string; partition?: number; strategy: string; ready: boolean }> {
  const sts = await kubectlJson<k8s.V1StatefulSet>('-n', ns, 'get', 'statefulset', 'web');
  const pods = await kubectlJson<{ items: k8s.V1Pod[] }>('-n', ns, 'get', 'pods', '-l', 'app=web');
  return {
    image: sts.spec?.template.spec?.containers[0]?.image ?? '',
    ...(sts.spec?.updateStrategy?.rollingUpdate?.partition !== undefined
      ? { partition: sts.spec.updateStrategy.rollingUpdate.partition }
      : {}),
    strategy: sts.spec?.updateStrategy?.type ?? '',
    ready: pods.items.length === 3 && pods.items.every((p) => isReady(p)),
  };
}

/** Each ordinal's pod revision (controller-revision-hash), by name. */
export async function revisions(ns: string): Promise<Record<string, string>> {
  const pods = await kubectlJson<{ items: k8s.V1Pod[] }>('-n', ns, 'get', 'pods', '-l', 'app=web');
  return Object.fromEntries(
    pods.items.map((p) => [p.metadata?.name ?? '', p.metadata?.labels?.['controller-revision-hash'] ?? '']),
  );
}

export function expectAllReady(state: { ready: boolean }): void {
  expect(state.ready, 'every pod Ready').to.equal(true);
}
