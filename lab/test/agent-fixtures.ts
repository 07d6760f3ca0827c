/** The node agent's lab tests share these: the demo spread over both nodes, the agent's ServiceAccount, waits. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { expect } from 'chai';
import { isReady, kubectl, kubectlJson, sleep } from './helpers.ts';

export const IMAGE = 'localhost/sts-chaos:dev';
export const agentArgs = (...more: string[]) => [
  'run',
  '--target',
  'sts-demo/web',
  '--suites',
  'split-brain',
  '--grep',
  'node-loss',
  '--node-loss',
  'agent',
  '--node-loss-agent-image',
  IMAGE,
  ...more,
];
export const withDeadMan = { STS_CHAOS_NODE_LOSS_AGENT_SERVICE_ACCOUNT: 'chaos-agent' };

/** The agent's ServiceAccount as the chart makes it: it may only get the demo's run Lease. */
export async function agentServiceAccount(): Promise<void> {
  const file = join(mkdtempSync(join(tmpdir(), 'sts-chaos-agent-sa-')), 'sa.yaml');
  writeFileSync(
    file,
    [
      'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: chaos-agent, namespace: sts-demo}\nautomountServiceAccountToken: false',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: chaos-agent, namespace: sts-demo}\nrules: [{apiGroups: [coordination.k8s.io], resources: [leases], resourceNames: [sts-chaos-web], verbs: [get]}]',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: chaos-agent, namespace: sts-demo}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: chaos-agent}\nsubjects: [{kind: ServiceAccount, name: chaos-agent, namespace: sts-demo}]',
    ].join('\n---\n'),
  );
  await kubectl('apply', '-f', file);
}

/** The demo spread over both nodes (its spread constraint is only a preference): a node loss needs a node with one pod. */
export async function spreadDemo(): Promise<void> {
  for (let i = 0; i < 4; i++) {
    await kubectl('-n', 'sts-demo', 'rollout', 'status', 'statefulset/web', '--timeout=180s');
    const pods = await kubectlJson<{ items: k8s.V1Pod[] }>('-n', 'sts-demo', 'get', 'pods', '-l', 'app=web');
    const nodes = new Set(pods.items.map((p) => p.spec?.nodeName));
    if (nodes.size > 1) return;
    await kubectl('-n', 'sts-demo', 'delete', 'pod', `web-${i % 3}`, '--wait');
  }
  throw new Error('the demo stays on one node');
}

/** The node that holds most of the demo's pods. */
export async function busiestNode(): Promise<string> {
  const pods = await kubectlJson<{ items: k8s.V1Pod[] }>('-n', 'sts-demo', 'get', 'pods', '-l', 'app=web');
  const count = new Map<string, number>();
  for (const p of pods.items) count.set(p.spec?.nodeName ?? '', (count.get(p.spec?.nodeName ?? '') ?? 0) + 1);
  return [...count].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}

/** Waits for the Job to end: 'Complete' or 'Failed' (its status read every 2 s, to a deadline). */
export async function jobEnd(ns: string, job: string, ms: number): Promise<string> {
  let last = 'not read yet';
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(2000)) {
    const j = await kubectlJson<k8s.V1Job>('-n', ns, 'get', 'job', job);
    const c = (j.status?.conditions ?? []).find(
      (x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True',
    );
    if (c) return c.type;
    last = JSON.stringify(j.status ?? {});
  }
  throw new Error(`job ${ns}/${job} did not end within ${ms / 1000} s; last saw ${last}`);
}

/** Waits for a run's Lease to exist (its run has started), polled every second to a deadline. */
export async function leaseHeld(ns: string, lease: string, ms: number): Promise<void> {
  let last = '';
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(1000)) {
    last = await kubectl('-n', ns, 'get', 'lease', lease, '-o', 'name').catch((e: Error) => e.message);
    if (last.trim() === `lease.coordination.k8s.io/${lease}`) return;
  }
  throw new Error(
    `lease ${ns}/${lease} not held within ${ms / 1000} s; last saw ${last.trim().slice(0, 200)}`,
  );
}

export async function noAgentLeft(ns: string): Promise<void> {
  const pods = await kubectlJson<{ items: k8s.V1Pod[] }>('-n', ns, 'get', 'pods', '-l', 'sts-chaos.io/agent');
  expect(
    pods.items.map((p) => p.metadata?.name),
    'agent pods left',
  ).to.have.length(0);
}

export async function allNodesReady(): Promise<void> {
  const nodes = await kubectlJson<{ items: k8s.V1Node[] }>('get', 'nodes');
  for (const n of nodes.items) expect(isReady(n), `${n.metadata?.name} Ready`).to.equal(true);
}
