/** The node agent's lab tests share these: the demo spread over both nodes, the agent's ServiceAccount, waits. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { expect } from 'chai';
import { CHART, helm, noRunLeft } from './cli-helpers.ts';
import { isReady, kubectl, kubectlJson, Recorder, sleep } from './helpers.ts';

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
export async function spreadDemo(ns = 'sts-demo'): Promise<void> {
  for (let i = 0; i < 4; i++) {
    await kubectl('-n', ns, 'rollout', 'status', 'statefulset/web', '--timeout=180s');
    const pods = await kubectlJson<{ items: k8s.V1Pod[] }>('-n', ns, 'get', 'pods', '-l', 'app=web');
    const nodes = new Set(pods.items.map((p) => p.spec?.nodeName));
    if (nodes.size > 1) return;
    await kubectl('-n', ns, 'delete', 'pod', `web-${i % 3}`, '--wait');
  }
  throw new Error(`the demo in ${ns} stays on one node`);
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

/** After a node loss: every node Ready, no agent pod, no run's Lease or ledger entry left in `ns`. */
export async function nothingLeft(ns: string): Promise<void> {
  await allNodesReady();
  await noAgentLeft(ns);
  await noRunLeft(ns);
}

/**
 * `helm install` of the chart in sts-demo with the split-brain suite and node loss by the agent only; the
 * Job pinned beside most of the demo's pods (a node fault never takes the node sts-chaos runs on), `sets`
 * added. Its Job is `<release>-sts-chaos-1`.
 */
export async function installAgentChart(release: string, ...sets: string[]): Promise<void> {
  await helm(
    'install',
    release,
    CHART,
    '-n',
    'sts-demo',
    '--set',
    'target.name=web',
    '--set',
    'suites={split-brain}',
    '--set',
    'faults.podKill=false,faults.processKill=false,faults.claimDeletion=false,faults.probeBreakage=false,faults.scale=false',
    '--set',
    'faults.nodeLoss=true',
    '--set-string',
    `nodeSelector.kubernetes\\.io/hostname=${await busiestNode()}`,
    ...sets.flatMap((v) => ['--set', v]),
  );
}

/** `helm uninstall --wait` of such a release (its hook runs), and its results ConfigMap removed. */
export async function uninstallAgentChart(release: string): Promise<void> {
  await helm('uninstall', release, '-n', 'sts-demo', '--wait');
  await kubectl(
    '-n',
    'sts-demo',
    'delete',
    'configmap',
    `${release}-sts-chaos-results`,
    '--ignore-not-found',
  );
}

/**
 * Waits for a node to go NotReady, runs `act` (what ends the run or the agent), and waits for that node to
 * be Ready again: returns the node and how long after `act` it was Ready (from the Node watch's events).
 */
export async function lostThenBack(
  act: () => Promise<void>,
  within: { readonly down: number; readonly up: number } = { down: 120_000, up: 120_000 },
): Promise<{ node: string; ms: number }> {
  const nodes = await Recorder.start<k8s.V1Node>('/api/v1/nodes');
  try {
    const down = await nodes.until('a node to be NotReady', (e) => !isReady(e.object), within.down);
    const node = down.object.metadata?.name ?? '';
    await act();
    const actedAt = Date.now();
    const up = await nodes.until(
      `${node} to be Ready again`,
      (e) => e.at > actedAt && e.object.metadata?.name === node && isReady(e.object),
      within.up,
    );
    return { node, ms: up.at - actedAt };
  } finally {
    nodes.stop();
  }
}

/**
 * A process that SIGKILL cannot end for now, in a pod's container (the power-off control): a `sleep`
 * started in it, moved alone into a frozen cgroup-v1 freezer group of the host (its other cgroups, with
 * the pod's UID, stay: the agent still witnesses it). A signal to a frozen task waits until it thaws.
 * Returns its host PID and what thaws it (a pending SIGKILL then lands) and removes the group.
 */
export async function unkillableIn(
  ns: string,
  pod: string,
): Promise<{ pid: number; thaw: () => Promise<void> }> {
  const uid = (await kubectlJson<k8s.V1Pod>('-n', ns, 'get', 'pod', pod)).metadata?.uid ?? '';
  await kubectl('-n', ns, 'exec', pod, '--', 'sh', '-c', 'sleep 100123 >/dev/null 2>&1 &');
  const pid = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .find((d) => {
      try {
        return (
          readFileSync(`/proc/${d}/cmdline`, 'utf8') === 'sleep\u0000100123\u0000' &&
          readFileSync(`/proc/${d}/cgroup`, 'utf8').includes(`pod${uid}`)
        );
      } catch {
        return false;
      }
    });
  if (!pid) throw new Error(`the sleep started in ${ns}/${pod} (uid ${uid}) was not found on the host`);
  const group = '/sys/fs/cgroup/freezer/sts-chaos-ctl-unkillable';
  mkdirSync(group, { recursive: true });
  writeFileSync(`${group}/cgroup.procs`, pid);
  writeFileSync(`${group}/freezer.state`, 'FROZEN');
  for (let i = 0; i < 50 && readFileSync(`${group}/freezer.state`, 'utf8').trim() !== 'FROZEN'; i++)
    await sleep(100);
  return {
    pid: Number(pid),
    async thaw() {
      writeFileSync(`${group}/freezer.state`, 'THAWED');
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // gone: the pending SIGKILL landed
      }
      for (let i = 0; i < 50 && readFileSync(`${group}/cgroup.procs`, 'utf8').trim(); i++) await sleep(100);
      rmdirSync(group);
    },
  };
}
