/**
 * sts-chaos against the lab: a full run on the demo target, negative controls that must FAIL the named
 * check, bad input, and signals in the middle of a fault. Needs `lab up`.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { expect } from 'chai';
import { LAB, noRunLeft, type Ran, type Started, start, stsChaos, why } from './cli-helpers.ts';
import { deploy, reportOf, resultsOf } from './fixtures.ts';
import { isReady, kubectl, kubectlJson, Recorder, ROOT, sh } from './helpers.ts';

/** Resolves at the first log line containing `text`; rejects if the run ends before it. */
function logLine(run: Started, text: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    run.onLine((l) => l.includes(text) && resolve());
    run.done.then((r) => reject(new Error(`the run ended before logging "${text}": ${why(r)}`)));
  });
}

const report = reportOf;
const results = resultsOf;

/** `run` of the demo's split-brain step(s) that `grep` selects. */
const splitBrain = (grep: string, ...more: string[]) => [
  'run',
  '--target',
  'sts-demo/web',
  '--suites',
  'split-brain',
  '--grep',
  grep,
  ...more,
];

async function noLeftovers(ns: string): Promise<void> {
  await noRunLeft(ns);
  const nodes = await kubectlJson<{ items: k8s.V1Node[] }>('get', 'nodes');
  for (const n of nodes.items) {
    expect(n.spec?.unschedulable ?? false, `${n.metadata?.name} left cordoned`).to.equal(false);
    expect(isReady(n), `${n.metadata?.name} Ready`).to.equal(true);
  }
}

describe('sts-chaos run on the lab', function () {
  this.timeout(600_000);
  const demo = join(ROOT, 'lab', 'manifests', 'demo.yaml');
  const controls = join(ROOT, 'lab', 'manifests', 'controls');

  before(async () => {
    await deploy(demo, 'sts-demo', 'web');
  });

  describe('bad input ends in exit 2 with one line, no stack trace', () => {
    before(async () => {
      await deploy(join(controls, 'parallel.yaml'), 'ctl-parallel', 'par');
    });
    const cases: [string, string[], RegExp][] = [
      [
        'a Deployment as target',
        ['run', '--target', 'ctl-parallel/notsts'],
        /is a Deployment, not a StatefulSet/,
      ],
      ['a missing namespace', ['run', '--target', 'nope/web'], /namespace nope not found/],
      ['a missing StatefulSet', ['run', '--target', 'sts-demo/nope'], /statefulset sts-demo\/nope not found/],
      [
        '--budget banana',
        ['run', '--target', 'sts-demo/web', '--budget', 'banana'],
        /budget.*not a duration/,
      ],
    ];
    for (const [what, args, re] of cases) {
      it(what, async () => {
        const r = await stsChaos(args);
        expect(r.code, why(r)).to.equal(2);
        const lines = r.stderr.trim().split('\n');
        expect(lines, r.stderr).to.have.length(1);
        expect(lines[0]).to.match(re);
        expect(r.stderr).to.not.match(/^\s+at /m);
      });
    }
    it('a malformed config file', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sts-chaos-cfg-'));
      writeFileSync(join(dir, 'bad.yaml'), 'target: sts-demo/web\nbudget: [3m\n');
      const r = await stsChaos(['run', '--config', join(dir, 'bad.yaml')]);
      expect(r.code, why(r)).to.equal(2);
      expect(r.stderr.trim().split('\n')).to.have.length(1);
      expect(r.stderr).to.match(/not valid YAML/);
    });
    it('kube-system is refused (exit 3) unless allowed', async () => {
      const r = await stsChaos(['run', '--target', 'kube-system/coredns']);
      expect(r.code, why(r)).to.equal(3);
      expect(r.stderr).to.match(/namespace kube-system is refused/);
    });
  });

  it('runs every suite on the demo StatefulSet: every check passes or is skipped with a reason', async () => {
    const r = await stsChaos(['run', '--target', 'sts-demo/web', '--node-loss', 'lab', '--budget', '3m']);
    expect(r.code, why(r)).to.equal(0);
    const rep = report(r);
    expect(rep.outcome).to.equal('passed');
    const all = rep.steps.flatMap((s) => s.results);
    expect(all.length).to.be.greaterThan(40);
    for (const x of all) {
      expect(['pass', 'skip'], `${x.id}: ${x.reason}`).to.include(x.status);
      expect(x.reason.length, `${x.id} has a reason`).to.be.greaterThan(5);
    }
    // The faults really ran (not skipped): every suite's main checks passed at least once.
    for (const id of [
      'ID-1',
      'ID-2',
      // Resolved from the demo's own pods, though this run is outside the cluster.
      'ID-3',
      'ID-4',
      'SB-1',
      'SB-2',
      'SB-3',
      'VOL-1',
      'VOL-2',
      'VOL-3',
      'VOL-4',
      'VOL-5',
      'ORD-1',
      'ORD-2',
      // Exercised by the halt step: a scale-up while web-2's readiness is broken.
      'ORD-4',
      'PRB-1',
      'PRB-2',
      'REC-1',
    ])
      expect(
        all.some((x) => x.id === id && x.status === 'pass'),
        `${id} passed somewhere`,
      ).to.equal(true);
    for (const f of ['junit.xml', 'report.json', 'summary.md', 'report.html', 'done'])
      expect(existsSync(join(r.dir, f)), f).to.equal(true);
    expect(readFileSync(join(r.dir, 'junit.xml'), 'utf8')).to.not.match(/<failure/);
    // plan names exactly the steps and checks that run performed, in order.
    const plan = await stsChaos(['plan', '--target', 'sts-demo/web', '--node-loss', 'lab', '--budget', '3m']);
    expect(plan.code, why(plan)).to.equal(0);
    const planned = plan.stdout
      .split('\n')
      .map((l) => /^ {2}([a-z-]+\/[a-z-]+): .*: ([A-Z0-9 -]+)$/.exec(l))
      .flatMap((m) => (m ? [`${m[1]}: ${m[2]}`] : []));
    expect(planned.length, plan.stdout).to.equal(12);
    expect(rep.steps.map((s) => `${s.step}: ${s.results.map((x) => x.id).join(' ')}`)).to.deep.equal(planned);
    await noLeftovers('sts-demo');
    const pvcs = await kubectlJson<{ items: k8s.V1PersistentVolumeClaim[] }>('-n', 'sts-demo', 'get', 'pvc');
    expect(pvcs.items.map((p) => p.metadata?.name).sort()).to.deep.equal([
      'data-web-0',
      'data-web-1',
      'data-web-2',
    ]);
  });

  // Runs again and again on one target without a flaky failure: `npm run soak` (every suite 10 times).

  it('skips ORD-1/ORD-2 with the reason on a Parallel StatefulSet', async () => {
    await deploy(join(controls, 'parallel.yaml'), 'ctl-parallel', 'par');
    const r = await stsChaos(['run', '--target', 'ctl-parallel/par', '--suites', 'ordering']);
    expect(r.code, why(r)).to.equal(0);
    for (const id of ['ORD-1', 'ORD-2']) {
      const [res] = results(r, id);
      expect(res?.status, id).to.equal('skip');
      expect(res?.reason, id).to.match(/Parallel/);
    }
  });

  it('kills the process through an ephemeral container when the image has no shell', async () => {
    await deploy(join(controls, 'no-shell.yaml'), 'ctl-noshell', 'bare');
    const r = await stsChaos([
      'run',
      '--target',
      'ctl-noshell/bare',
      '--suites',
      'volumes',
      '--grep',
      'process-kill',
      '--debug-image',
      'localhost/lab/busybox:latest',
    ]);
    expect(r.code, why(r)).to.equal(0);
    const step = report(r).steps.find((s) => s.fault === 'process-kill');
    expect(step?.results.find((x) => x.id === 'REC-1')?.status).to.equal('pass');
    const pod = await kubectlJson<k8s.V1Pod>(
      '-n',
      'ctl-noshell',
      'get',
      'pod',
      step?.title.split(' ').at(-1) ?? '',
    );
    expect(pod.spec?.ephemeralContainers?.map((c) => c.name)).to.have.length(1);
    expect(pod.status?.containerStatuses?.[0]?.restartCount).to.equal(1);
    await kubectl('delete', 'namespace', 'ctl-noshell', '--wait=false');
  });

  it('skips PRB-1 and PRB-2, with the reason, when PID 1 is the only process of the container', async () => {
    await deploy(join(controls, 'pid1-only.yaml'), 'ctl-pid1', 'solo');
    const r = await stsChaos(['run', '--target', 'ctl-pid1/solo', '--suites', 'probes']);
    expect(r.code, why(r)).to.equal(0);
    for (const id of ['PRB-1', 'PRB-2']) {
      const found = results(r, id);
      expect(found, `${id} reported`).to.have.length.greaterThan(0);
      for (const res of found) {
        expect(res.status, `${id}: ${res.reason}`).to.equal('skip');
        expect(res.reason, id).to.match(/single process as PID 1/);
      }
    }
    const pods = await kubectlJson<{ items: k8s.V1Pod[] }>('-n', 'ctl-pid1', 'get', 'pods');
    for (const p of pods.items)
      expect(p.status?.containerStatuses?.[0]?.restartCount, p.metadata?.name).to.equal(0);
    await noRunLeft('ctl-pid1');
    await kubectl('delete', 'namespace', 'ctl-pid1', '--wait=false');
  });

  it('exit 5 when a revert fails, saying what needs a human; the ledger keeps it', async () => {
    await deploy(join(controls, 'parallel.yaml'), 'ctl-parallel', 'par');
    const r = await stsChaos([
      'run',
      '--target',
      'ctl-parallel/par',
      '--suites',
      'probes',
      '--grep',
      'readiness',
      '--probe-break-command',
      'true',
      '--probe-heal-command',
      'echo heal failed >&2; false',
    ]);
    try {
      expect(r.code, why(r)).to.equal(5);
      expect(report(r).leftovers.join(' ')).to.match(
        /revert failed: run the heal command in ctl-parallel\/par-\d.*sts-chaos cleanup/,
      );
      const ledger = await kubectlJson<k8s.V1ConfigMap>(
        '-n',
        'ctl-parallel',
        'get',
        'configmap',
        'sts-chaos-ledger-par',
      );
      expect(Object.keys(ledger.data ?? {})).to.have.length(1);
    } finally {
      await kubectl(
        '-n',
        'ctl-parallel',
        'delete',
        'configmap',
        'sts-chaos-ledger-par',
        '--ignore-not-found',
      );
    }
  });

  it('a second run on the same target is refused (exit 3), naming the holder', async () => {
    await kubectl('-n', 'sts-demo', 'rollout', 'status', 'statefulset/web', '--timeout=120s');
    const first = start(['run', '--target', 'sts-demo/web', '--suites', 'identity', '--grep', 'graceful']);
    await logLine(first, '"msg":"fault: ');
    const second = await stsChaos(['run', '--target', 'sts-demo/web', '--suites', 'identity']);
    expect(second.code, why(second)).to.equal(3);
    expect(second.stderr.trim().split('\n').at(-1)).to.match(
      /^sts-chaos: another sts-chaos run holds sts-demo\/sts-chaos-web \(holder run-/,
    );
    const r = await first.done;
    expect(r.code, why(r)).to.equal(0);
    await noLeftovers('sts-demo');
  });

  it('rides out an API-server restart in the middle of a fault: watches resume, verdicts stay right', async () => {
    await kubectl('-n', 'sts-demo', 'rollout', 'status', 'statefulset/web', '--timeout=120s');
    const run = start([
      'run',
      '--target',
      'sts-demo/web',
      '--suites',
      'identity,volumes',
      '--skip',
      'claim-deletion',
    ]);
    const faulting = new Promise<void>((resolve) =>
      run.onLine((l) => l.includes('"fault: pod-kill (graceful)') && resolve()),
    );
    await faulting;
    await sh('bash', [LAB, 'restart-apiserver']);
    const r = await run.done;
    expect(r.code, why(r)).to.equal(0);
    const all = report(r).steps.flatMap((s) => s.results);
    for (const x of all) expect(['pass', 'skip'], `${x.id}: ${x.reason}`).to.include(x.status);
    expect(all.filter((x) => x.status === 'pass').length).to.be.greaterThan(15);
    await noLeftovers('sts-demo');
  });

  describe('negative controls FAIL the named check', () => {
    it('VOL-3: a --data-path on an emptyDir does not survive a pod kill', async () => {
      await deploy(join(controls, 'emptydir-data.yaml'), 'ctl-emptydir', 'cache');
      const r = await stsChaos([
        'run',
        '--target',
        'ctl-emptydir/cache',
        '--suites',
        'volumes',
        '--grep',
        'pod-kill',
        '--data-path',
        '/cache',
      ]);
      expect(r.code, why(r)).to.equal(1);
      const [vol3] = results(r, 'VOL-3');
      expect(vol3?.status).to.equal('fail');
      expect(vol3?.reason).to.match(/cache-1|\/cache/);
      expect(readFileSync(join(r.dir, 'junit.xml'), 'utf8')).to.match(
        /<failure[^>]*VOL-3|VOL-3[^<]*<failure/s,
      );
    });

    it('ID-2: a serviceName with no Service behind it', async () => {
      await deploy(join(controls, 'no-service.yaml'), 'ctl-nosvc', 'orphan');
      const r = await stsChaos([
        'run',
        '--target',
        'ctl-nosvc/orphan',
        '--suites',
        'identity',
        '--grep',
        'graceful',
        // Its names cannot resolve either (no Service): ID-3 fails too, at once rather than after 60 s.
        '--dns-budget',
        '5s',
      ]);
      expect(r.code, why(r)).to.equal(1);
      const [id2] = results(r, 'ID-2');
      expect(id2?.status).to.equal('fail');
      expect(id2?.reason).to.match(/missing/);
    });

    it('REC-1: a pod whose readiness never passes after the fault, and the run still ends in time', async () => {
      await deploy(join(controls, 'never-ready-again.yaml'), 'ctl-neverready', 'once');
      const t0 = Date.now();
      const r = await stsChaos([
        'run',
        '--target',
        'ctl-neverready/once',
        '--suites',
        'identity',
        '--grep',
        'graceful',
        '--budget',
        '20s',
      ]);
      expect(r.code, why(r)).to.equal(1);
      expect(Date.now() - t0).to.be.below(90_000);
      const [rec] = results(r, 'REC-1');
      expect(rec?.status).to.equal('fail');
      expect(rec?.reason).to.match(/once-1/);
    });

    it('SB-2: force-deleting the pod of a lost node while its container runs, seen on the node even when configured as stopped', async () => {
      // Before: with containersLeftRunning false, SB-2 took the configuration's word and PASSED this split
      // brain; now it asks the lost node's own runtime, which still runs the old container.
      const r = await stsChaos(splitBrain('node-loss', '--node-loss', 'lab'), {
        env: {
          STS_CHAOS_NODE_LOSS_FORCE_DELETE_LOST_POD: 'true',
          STS_CHAOS_NODE_LOSS_CONTAINERS_LEFT_RUNNING: 'false',
        },
      });
      expect(r.code, why(r)).to.equal(1);
      const [sb2] = results(r, 'SB-2');
      expect(sb2?.status).to.equal('fail');
      expect(sb2?.reason).to.match(/force delete/);
      expect(sb2?.reason).to.match(
        /containers left running: observed on lab-n\d at .*\(sts-demo\/web-\d\/web\)/,
      );
      // Once the node is back, its runtime shows the old containers stopped: SB-3 judged within the grace.
      const [sb3] = results(r, 'SB-3');
      expect(sb3?.status, sb3?.reason).to.equal('pass');
      expect(sb3?.reason).to.match(/runtime ran none of its containers at/);
      await noLeftovers('sts-demo');
    });

    after(async () => {
      for (const ns of ['ctl-emptydir', 'ctl-nosvc', 'ctl-neverready', 'ctl-parallel'])
        await kubectl('delete', 'namespace', ns, '--wait=false', '--ignore-not-found');
    });
  });

  describe('signals in the middle of a fault', () => {
    /**
     * Starts `sts-chaos run` on the demo's split-brain step `grep` and sends `signal` at the first Node
     * event that `when` accepts; resolves with the run's end and when the signal was sent.
     */
    async function signalDuring(
      grep: string,
      extra: string[],
      what: string,
      when: (n: k8s.V1Node) => boolean,
      signal: NodeJS.Signals,
    ): Promise<{ ran: Ran; node: string; signalledAt: number }> {
      await kubectl('-n', 'sts-demo', 'rollout', 'status', 'statefulset/web', '--timeout=120s');
      const nodes = await Recorder.start<k8s.V1Node>('/api/v1/nodes');
      try {
        const seen = nodes.until(what, (e) => when(e.object), 180_000);
        const run = start(splitBrain(grep, ...extra));
        const ev = await seen.catch(async (e) => {
          run.child.kill('SIGTERM'); // it reverts what it did
          await run.done;
          throw e;
        });
        const signalledAt = Date.now();
        run.child.kill(signal);
        return { ran: await run.done, node: ev.object.metadata?.name ?? '', signalledAt };
      } finally {
        nodes.stop();
      }
    }

    const signalDuringCordon = async (signal: NodeJS.Signals) =>
      (
        await signalDuring(
          'node-cordon',
          [],
          'a node cordoned',
          (n) => n.spec?.unschedulable === true,
          signal,
        )
      ).ran;

    it('SIGTERM during a cordon: exit 4, the node is uncordoned', async () => {
      const r = await signalDuringCordon('SIGTERM');
      expect(r.code, why(r)).to.equal(4);
      await noLeftovers('sts-demo');
    });

    it('SIGTERM during a probe freeze: exit 4, the processes resumed (Ready again, no restart)', async () => {
      await kubectl('-n', 'sts-demo', 'rollout', 'status', 'statefulset/web', '--timeout=120s');
      const pods = await Recorder.start<k8s.V1Pod>('/api/v1/namespaces/sts-demo/pods');
      try {
        const unready = pods.until(
          'a pod unready',
          (e) => e.type === 'MODIFIED' && !isReady(e.object) && !e.object.metadata?.deletionTimestamp,
          120_000,
        );
        const run = start(['run', '--target', 'sts-demo/web', '--suites', 'probes', '--grep', 'readiness']);
        const frozen = await unready;
        const signalledAt = Date.now();
        run.child.kill('SIGTERM');
        const r = await run.done;
        const took = (Date.now() - signalledAt) / 1000;
        console.log(`      SIGTERM to exit, the processes resumed on the way: ${took.toFixed(1)} s`);
        expect(r.code, why(r)).to.equal(4);
        // The hold ends at SIGTERM instead of running its course (6 s on the demo: the liveness cap).
        expect(took, 'SIGTERM to exit, s').to.be.below(4);
        const name = frozen.object.metadata?.name ?? '';
        const restarts = frozen.object.status?.containerStatuses?.[0]?.restartCount ?? 0;
        const back = await pods.until(
          `${name} Ready again`,
          (e) => e.at > frozen.at && e.object.metadata?.name === name && isReady(e.object),
          60_000,
        );
        expect(back.object.metadata?.uid).to.equal(frozen.object.metadata?.uid);
        expect(back.object.status?.containerStatuses?.[0]?.restartCount ?? 0).to.equal(restarts);
        await noLeftovers('sts-demo');
      } finally {
        pods.stop();
      }
    });

    it('SIGTERM during node loss: exit 4 at once, the node brought back (no wait left out)', async () => {
      const { ran, node, signalledAt } = await signalDuring(
        'node-loss',
        ['--node-loss', 'lab', '--max-disrupted', '3'],
        'a lab node NotReady',
        (n) => !!n.metadata?.name?.startsWith('lab-') && !isReady(n),
        'SIGTERM',
      );
      const took = (Date.now() - signalledAt) / 1000;
      console.log(`      SIGTERM to exit, the node ${node} brought back on the way: ${took.toFixed(1)} s`);
      expect(ran.code, why(ran)).to.equal(4);
      // Before, the fault's observation sleep (10 s) ran on after SIGTERM; the node's return takes ~2 s.
      expect(took, 'SIGTERM to exit, s').to.be.below(8);
      const back = (await kubectlJson<{ items: k8s.V1Node[] }>('get', 'nodes')).items.find(
        (n) => n.metadata?.name === node,
      );
      expect(back && isReady(back), `${node} Ready`).to.equal(true);
      await noLeftovers('sts-demo');
    });

    it('SIGKILL during a cordon: `sts-chaos cleanup` uncordons from the ledger', async () => {
      await signalDuringCordon('SIGKILL');
      const cordoned = (await kubectlJson<{ items: k8s.V1Node[] }>('get', 'nodes')).items.filter(
        (n) => n.spec?.unschedulable,
      );
      expect(cordoned, 'the killed run left the node cordoned').to.have.length(1);
      const r = await stsChaos(['cleanup', '--namespace', 'sts-demo']);
      expect(r.code, why(r)).to.equal(0);
      // The killed run's Lease expires by itself; remove it so that later tests need not wait.
      await kubectl('-n', 'sts-demo', 'delete', 'lease', 'sts-chaos-web', '--ignore-not-found');
      await noLeftovers('sts-demo');
    });
  });
});
