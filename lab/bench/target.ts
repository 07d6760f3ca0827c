/** The lab paths and the demo target that the bench and the soak run against. */

import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AGENT_SA } from './faults.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const KUBECONFIG = join(ROOT, '.lab', 'kubeconfig');
const KUBECTL = join(ROOT, '.lab', 'bin', 'kubectl');
export const run = promisify(execFile);

export async function kubectl(...args: string[]): Promise<string> {
  const { stdout } = await run(KUBECTL, ['--kubeconfig', KUBECONFIG, ...args], { maxBuffer: 64 << 20 });
  return stdout;
}

/** The lab's demo StatefulSet (3 replicas, a claim each, of `storageClass` if given) in namespace `ns`, rolled out. */
export async function deployDemo(ns: string, dir: string, storageClass?: string): Promise<void> {
  let manifest = (await readFile(join(ROOT, 'lab/manifests/demo.yaml'), 'utf8')).replaceAll('sts-demo', ns);
  if (storageClass)
    manifest = manifest.replace(
      '      accessModes: [ReadWriteOnce]\n',
      `      accessModes: [ReadWriteOnce]\n      storageClassName: ${storageClass}\n`,
    );
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${ns}.yaml`);
  await writeFile(file, manifest);
  await kubectl('apply', '-f', file);
  await kubectl('-n', ns, 'rollout', 'status', 'statefulset/web', '--timeout=300s');
  // The node agent's ServiceAccount (node-loss (agent)): it may only get the run's Lease.
  const sa = join(dir, `${ns}-agent.yaml`);
  await writeFile(
    sa,
    [
      `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ${AGENT_SA}, namespace: ${ns}}\nautomountServiceAccountToken: false`,
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: ${AGENT_SA}, namespace: ${ns}}\nrules: [{apiGroups: [coordination.k8s.io], resources: [leases], resourceNames: [sts-chaos-web], verbs: [get]}]`,
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: ${AGENT_SA}, namespace: ${ns}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ${AGENT_SA}}\nsubjects: [{kind: ServiceAccount, name: ${AGENT_SA}, namespace: ${ns}}]`,
    ].join('\n---\n'),
  );
  await kubectl('apply', '-f', sa);
}

/** Compiles sts-chaos as it ships (the runs use dist/). */
export async function build(): Promise<void> {
  await run(join(ROOT, 'node_modules/.bin/tsc'), ['-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT });
}

export const log = (msg: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

/**
 * The demo's pods over both lab nodes (its spread is only a preference): a node fault takes a node with
 * one of them, and none qualifies when they share one. Deletes a pod of the crowded node until spread.
 */
export async function spreadDemo(ns: string): Promise<void> {
  for (let i = 0; i < 4; i++) {
    await kubectl('-n', ns, 'rollout', 'status', 'statefulset/web', '--timeout=180s');
    const pods = JSON.parse(await kubectl('-n', ns, 'get', 'pods', '-l', 'app=web', '-o', 'json')) as {
      items: { metadata: { name: string }; spec: { nodeName?: string } }[];
    };
    if (new Set(pods.items.map((p) => p.spec.nodeName)).size > 1) return;
    await kubectl('-n', ns, 'delete', 'pod', `web-${i % 3}`, '--wait');
  }
  throw new Error(`the demo in ${ns} stays on one node`);
}
