/**
 * SIGKILL of `sts-chaos run` in the middle of each reversible fault (drain, probe freeze, node loss in lab
 * mode; the cordon is in run.test.ts): the fault stays in force, and `sts-chaos cleanup` reverts it from
 * the ledger, acting as the chart's cleanup hook ServiceAccount (so the hook's RBAC is proven enough for
 * every revert kind). Needs `lab up`; uses the demo target (sts-demo/web).
 */
import { join } from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { expect } from 'chai';
import { kubeconfigAs, type Ran, renderChart, type Started, start, stsChaos, why } from './cli-helpers.ts';
import { isReady, kubectl, kubectlJson, Recorder, ROOT } from './helpers.ts';

const NS = 'sts-demo';
const LEDGER = 'sts-chaos-ledger-web';
const RELEASE = 'sigkill';
const HOOK_SA = `${RELEASE}-sts-chaos-cleanup`;

async function ledgerKinds(): Promise<string[]> {
  const out = await kubectl('-n', NS, 'get', 'configmap', LEDGER, '--ignore-not-found', '-o', 'json');
  if (!out.trim()) return [];
  const cm = JSON.parse(out) as k8s.V1ConfigMap;
  return Object.values(cm.data ?? {}).map((v) => (JSON.parse(v) as { kind: string }).kind);
}

async function labNodes(): Promise<k8s.V1Node[]> {
  const nodes = await kubectlJson<{ items: k8s.V1Node[] }>('get', 'nodes');
  return nodes.items.filter((n) => n.metadata?.name?.startsWith('lab-'));
}

async function healthy(): Promise<void> {
  await kubectl('-n', NS, 'rollout', 'status', 'statefulset/web', '--timeout=180s');
  for (const n of await labNodes()) {
    expect(n.spec?.unschedulable ?? false, `${n.metadata?.name} schedulable`).to.equal(false);
    expect(isReady(n), `${n.metadata?.name} Ready`).to.equal(true);
  }
}

/** After the revert: the ledger is empty and its ConfigMap gone; the killed run's Lease is removed. */
async function ledgerEmpty(): Promise<void> {
  expect(await ledgerKinds(), 'ledger entries left').to.deep.equal([]);
  const cm = await kubectl('-n', NS, 'get', 'configmap', LEDGER, '--ignore-not-found', '-o', 'name');
  expect(cm.trim(), 'the ledger ConfigMap dropped').to.equal('');
  // A SIGKILLed run's Lease expires by itself (60 s); removed so that the next test need not wait.
  await kubectl('-n', NS, 'delete', 'lease', 'sts-chaos-web', '--ignore-not-found');
}

/** Waits for `what`, but fails at once (saying why) when the run ends first. */
function whileRunning<T>(run: Started, what: Promise<T>): Promise<T> {
  return Promise.race([
    what,
    run.done.then((r) => {
      throw new Error(`the run ended before the fault was in force: ${why(r)}`);
    }),
  ]);
}

/**
 * Whatever a failed test left: the run killed, the ledger reverted with the lab's own access (not the
 * hook's), the Lease removed; so that one failure does not spill into the next test or another's.
 */
async function rescue(run: Started): Promise<void> {
  run.child.kill('SIGKILL');
  await run.done;
  if ((await ledgerKinds()).length) {
    const r = await stsChaos(['cleanup', '--target', `${NS}/web`]);
    console.log(`      rescue cleanup (lab admin): ${why(r)}`);
  }
  await kubectl('-n', NS, 'delete', 'lease', 'sts-chaos-web', '--ignore-not-found');
}

function kill(run: Started): Promise<Ran> {
  run.child.kill('SIGKILL');
  return run.done;
}

/** `sts-chaos cleanup --target sts-demo/web` as the chart's cleanup hook ServiceAccount. */
let hookKubeconfig = '';
async function cleanup(): Promise<Ran> {
  const r = await stsChaos(['cleanup', '--target', `${NS}/web`], { kubeconfig: hookKubeconfig });
  console.log(`      cleanup: exit ${r.code} in ${(r.ms / 1000).toFixed(1)} s`);
  return r;
}

/** The state letter of every process of a pod's container (/proc/<pid>/stat), but the exec's own. */
async function processStates(pod: string): Promise<string[]> {
  const out = await kubectl(
    '-n',
    NS,
    'exec',
    pod,
    '-c',
    'web',
    '--',
    'sh',
    '-c',
    'for f in /proc/[0-9]*/stat; do [ "$f" = "/proc/$$/stat" ] || cat "$f" 2>/dev/null; echo; done',
  );
  return out
    .split('\n')
    .map((l) => l.match(/^\d+ \((.*)\) (\S)/))
    .filter((m): m is RegExpMatchArray => !!m && m[1] !== 'cat')
    .map((m) => `${m[1]}:${m[2]}`);
}

describe('SIGKILL in the middle of each reversible fault: cleanup reverts from the ledger', function () {
  this.timeout(600_000);

  before(async () => {
    await kubectl('apply', '-f', join(ROOT, 'lab', 'manifests', 'demo.yaml'));
    await healthy();
    // The chart's cleanup hook ServiceAccount and RBAC (every node fault on), as they are during a hook.
    const file = await renderChart(
      RELEASE,
      NS,
      ['-f', join(ROOT, 'chart', 'ci', 'all-faults-values.yaml')],
      ['cleanup-hook-rbac.yaml'],
    );
    await kubectl('apply', '-f', file);
    hookKubeconfig = await kubeconfigAs(NS, HOOK_SA);
  });

  after(async () => {
    await kubectl('-n', NS, 'delete', 'sa,role,rolebinding', HOOK_SA, '--ignore-not-found');
    await kubectl('delete', 'clusterrole,clusterrolebinding', `${HOOK_SA}-${NS}`, '--ignore-not-found');
  });

  it('during a drain: the node stays cordoned; cleanup uncordons it (exit 0, ledger empty)', async () => {
    await healthy();
    const nodes = await Recorder.start<k8s.V1Node>('/api/v1/nodes');
    const pods = await Recorder.start<k8s.V1Pod>(`/api/v1/namespaces/${NS}/pods`);
    const run = start(['run', '--target', `${NS}/web`, '--suites', 'split-brain', '--grep', 'node-drain']);
    try {
      const c = await whileRunning(
        run,
        nodes.until('a node cordoned', (e) => e.object.spec?.unschedulable === true, 120_000),
      );
      const node = c.object.metadata?.name ?? '';
      // The drain's eviction: a pod of the target on that node goes.
      await pods.until(
        `a pod on ${node} evicted`,
        (e) => e.at >= c.at && e.object.spec?.nodeName === node && !!e.object.metadata?.deletionTimestamp,
        60_000,
      );
      await kill(run);
      const left = (await labNodes()).find((n) => n.metadata?.name === node);
      expect(left?.spec?.unschedulable, 'the killed run left the node cordoned').to.equal(true);
      expect(await ledgerKinds()).to.deep.equal(['uncordon']);
      const r = await cleanup();
      expect(r.code, why(r)).to.equal(0);
      expect(r.stderr).to.match(/reverted 1 leftover fault/);
      await ledgerEmpty();
      await healthy();
    } finally {
      nodes.stop();
      pods.stop();
      await rescue(run);
    }
  });

  it('during a probe freeze: the processes stay stopped; cleanup resumes them (same container, no restart)', async () => {
    await healthy();
    const pods = await Recorder.start<k8s.V1Pod>(`/api/v1/namespaces/${NS}/pods`);
    const run = start(['run', '--target', `${NS}/web`, '--suites', 'probes', '--grep', 'readiness']);
    try {
      const frozen = await whileRunning(
        run,
        pods.until(
          'a pod unready',
          (e) => e.type === 'MODIFIED' && !isReady(e.object) && !e.object.metadata?.deletionTimestamp,
          120_000,
        ),
      );
      await kill(run);
      const t0 = Date.now();
      const name = frozen.object.metadata?.name ?? '';
      const container = frozen.object.status?.containerStatuses?.[0];
      expect(await ledgerKinds()).to.deep.equal(['resume-processes']);
      const before = await processStates(name);
      expect(
        before.some((s) => s.endsWith(':T')),
        `stopped processes left: ${before.join(' ')}`,
      ).to.equal(true);
      const r = await cleanup();
      console.log(`      the freeze lasted ${((Date.now() - t0) / 1000).toFixed(1)} s after the kill`);
      expect(r.code, why(r)).to.equal(0);
      expect(r.stderr).to.match(/reverted 1 leftover fault/);
      const after = await processStates(name);
      expect(
        after.filter((s) => s.endsWith(':T')),
        `after cleanup: ${after.join(' ')}`,
      ).to.deep.equal([]);
      const back = await pods.until(
        `${name} Ready again`,
        (e) => e.at > frozen.at && e.object.metadata?.name === name && isReady(e.object),
        60_000,
      );
      expect(back.object.metadata?.uid, 'same pod').to.equal(frozen.object.metadata?.uid);
      const now = back.object.status?.containerStatuses?.[0];
      expect(now?.containerID, 'same container').to.equal(container?.containerID);
      expect(now?.restartCount ?? 0, 'no restart').to.equal(container?.restartCount ?? 0);
      await ledgerEmpty();
      await healthy();
    } finally {
      pods.stop();
      await rescue(run);
    }
  });

  it('during node loss (lab mode): the node stays down; cleanup brings it back Ready', async () => {
    await healthy();
    const nodes = await Recorder.start<k8s.V1Node>('/api/v1/nodes');
    const run = start([
      'run',
      '--target',
      `${NS}/web`,
      '--suites',
      'split-brain',
      '--grep',
      'node-loss',
      '--node-loss',
      'lab',
      // Whatever the placement: the test needs the fault in force, not its recovery.
      '--max-disrupted',
      '3',
    ]);
    try {
      const lost = await whileRunning(
        run,
        nodes.until(
          'a lab node NotReady',
          (e) => !!e.object.metadata?.name?.startsWith('lab-') && !isReady(e.object),
          180_000,
        ),
      );
      const node = lost.object.metadata?.name ?? '';
      await kill(run);
      expect(await ledgerKinds()).to.deep.equal(['node-up']);
      const still = (await labNodes()).find((n) => n.metadata?.name === node);
      expect(still && isReady(still), `${node} still down after the kill`).to.equal(false);
      const r = await cleanup();
      expect(r.code, why(r)).to.equal(0);
      expect(r.stderr).to.match(/reverted 1 leftover fault/);
      const back = (await labNodes()).find((n) => n.metadata?.name === node);
      expect(back && isReady(back), `${node} Ready after cleanup`).to.equal(true);
      await ledgerEmpty();
      await healthy();
    } finally {
      nodes.stop();
      await rescue(run);
    }
  });
});
