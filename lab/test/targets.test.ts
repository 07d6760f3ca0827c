/**
 * Several targets in one run, on the lab: a healthy demo and a broken control (`no-service.yaml`: ID-2
 * fails) tested one after another; the run's exit code is 1, the healthy target's checks all pass, each
 * target has its own run ID, report directory and (released) Lease; the top-level junit.xml, summary.md and
 * targets.json give one verdict. `--selector` picks StatefulSets by label; one that matches nothing is a
 * refusal (exit 3). The chart's `targets`: the Job tests both with the chart's RBAC only, fails, and the
 * results ConfigMaps hold the run's verdict and each target's. Needs `lab up` and `npm run image`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { expect } from 'chai';
import type { RunReport } from '../../src/report/types.ts';
import { jobEnd } from './agent-fixtures.ts';
import { installChart, noRunLeft, stsChaos, uninstallChart, why } from './cli-helpers.ts';
import { CONTROLS, deploy, deployAs } from './fixtures.ts';
import { kubectl, kubectlJson } from './helpers.ts';
import { demoAs } from './update-fixtures.ts';

const NS = 'multi-a';
const fast = ['--suites', 'identity', '--faults', 'pod-kill', '--grep', 'graceful', '--skip', 'ID-3 DNS'];

describe('several targets in one run', function () {
  this.timeout(600_000);
  before(async () => {
    await Promise.all([demoAs(NS), deploy(join(CONTROLS, 'no-service.yaml'), 'ctl-nosvc', 'orphan')]);
  });
  after(async () => {
    await kubectl('delete', 'namespace', NS, '--wait=false', '--ignore-not-found');
  });

  it('a healthy and a broken target: exit 1, the healthy one passes every check, one report each and one verdict', async () => {
    // The broken one first: before several targets were taken, the last --target was the only one tested
    // (this run passed, exit 0, the broken target never touched).
    const both = ['--target', 'ctl-nosvc/orphan', '--target', `${NS}/web`];
    const plan = await stsChaos(['plan', ...both, ...fast]);
    expect(plan.code, why(plan)).to.equal(0);
    expect(plan.stdout).to.match(/2 targets, run one after another: ctl-nosvc\/orphan, multi-a\/web/);
    expect(plan.stdout).to.match(/sts-chaos plan for multi-a\/web/);
    expect(plan.stdout).to.match(/sts-chaos plan for ctl-nosvc\/orphan/);

    const r = await stsChaos(['run', ...both, ...fast]);
    expect(r.code, why(r)).to.equal(1);
    const many = JSON.parse(readFileSync(join(r.dir, 'targets.json'), 'utf8')) as {
      outcome: string;
      exitCode: number;
      targets: {
        target: { namespace: string; name: string };
        outcome: string;
        exitCode: number;
        dir: string;
      }[];
    };
    expect(many.outcome).to.equal('failed');
    expect(
      many.targets.map((t) => `${t.target.namespace}/${t.target.name} ${t.outcome} ${t.exitCode}`),
    ).to.deep.equal(['ctl-nosvc/orphan failed 1', `${NS}/web passed 0`]);
    const report = (dir: string) =>
      JSON.parse(readFileSync(join(r.dir, dir, 'report.json'), 'utf8')) as RunReport;
    const healthy = report(`${NS}.web`);
    const broken = report('ctl-nosvc.orphan');
    expect(healthy.runId).to.not.equal(broken.runId);
    const mine = healthy.steps.flatMap((s) => s.results);
    expect(mine.length).to.be.greaterThan(5);
    for (const x of mine) expect(['pass', 'skip'], `${x.id}: ${x.reason}`).to.include(x.status);
    expect(broken.steps.flatMap((s) => s.results).find((x) => x.id === 'ID-2')?.status).to.equal('fail');
    for (const dir of [`${NS}.web`, 'ctl-nosvc.orphan'])
      for (const f of ['junit.xml', 'summary.md', 'report.html', 'done'])
        expect(existsSync(join(r.dir, dir, f)), `${dir}/${f}`).to.equal(true);
    const junit = readFileSync(join(r.dir, 'junit.xml'), 'utf8');
    expect(junit).to.match(/<testsuite name="multi-a\/web: identity"[^>]*failures="0"/);
    expect(junit).to.match(/<testsuite name="ctl-nosvc\/orphan: identity"[^>]*failures="[1-9]/);
    expect(readFileSync(join(r.dir, 'summary.md'), 'utf8')).to.match(/FAILED \(exit 1\), 2 targets/);
    expect(r.stderr.trim().split('\n').at(-1)).to.match(
      /verdict: FAILED \(exit 1\) over 2 targets: ctl-nosvc\/orphan failed, multi-a\/web passed/,
    );
    // Each had its own Lease and ledger, all gone.
    await noRunLeft(NS);
    await noRunLeft('ctl-nosvc');
  });

  it('--selector: the StatefulSets of a namespace by label; one matching nothing is refused (exit 3)', async () => {
    await kubectl('-n', NS, 'label', 'statefulset', 'web', 'tier=db', '--overwrite');
    const r = await stsChaos(['run', '--selector', `${NS}/tier=db`, ...fast]);
    expect(r.code, why(r)).to.equal(0);
    const many = JSON.parse(readFileSync(join(r.dir, 'targets.json'), 'utf8')) as {
      targets: { target: { name: string } }[];
    };
    expect(many.targets.map((t) => t.target.name)).to.deep.equal(['web']);
    const none = await stsChaos(['run', '--selector', `${NS}/tier=none`, ...fast]);
    expect(none.code, why(none)).to.equal(3);
    expect(none.stderr).to.match(/no StatefulSet in multi-a matches tier=none: nothing to test/);
    const bad = await stsChaos(['run', '--selector', `${NS}/tier in (`, ...fast]);
    expect(bad.code, why(bad)).to.equal(2);
    expect(bad.stderr).to.match(/--selector multi-a\/tier in \(: the API server refused it/);
  });

  it("the chart's targets: one Job tests both with the chart RBAC; Failed, the run's verdict and each target's in ConfigMaps", async () => {
    const ns = 'multi-chart';
    try {
      await Promise.all([
        demoAs(ns),
        deployAs('lab/manifests/controls/no-service.yaml', 'ctl-nosvc', ns, 'orphan'),
      ]);
      await installChart(
        'two',
        ns,
        {
          'target.name': 'web',
          targets: '{orphan}',
          suites: '{identity}',
          'faults.processKill': 'false',
          'faults.claimDeletion': 'false',
          'faults.probeBreakage': 'false',
          'faults.scale': 'false',
          grep: 'graceful',
          skip: 'ID-3 DNS',
        },
        { noHooks: true },
      );
      expect(await jobEnd(ns, 'two-sts-chaos-1', 300_000)).to.equal('Failed');
      const cm = async (name: string) =>
        (await kubectlJson<k8s.V1ConfigMap>('-n', ns, 'get', 'configmap', name)).data ?? {};
      const all = await cm('two-sts-chaos-results');
      expect(all.verdict).to.equal('failed (exit 1)');
      const many = JSON.parse(all['targets.json'] ?? '{}') as { targets: { outcome: string }[] };
      expect(many.targets.map((t) => t.outcome)).to.deep.equal(['passed', 'failed']);
      expect(all['junit.xml']).to.match(/<testsuite name="multi-chart\/web: identity"[^>]*failures="0"/);
      expect((await cm('two-sts-chaos-results-web')).verdict).to.equal('passed (exit 0)');
      const orphan = await cm('two-sts-chaos-results-orphan');
      expect(orphan.verdict).to.equal('failed (exit 1)');
      expect(
        JSON.parse(orphan['report.json'] ?? '{}').steps[0].results.find(
          (x: { id: string }) => x.id === 'ID-2',
        ).status,
      ).to.equal('fail');
      const logs = await kubectl('-n', ns, 'logs', 'job/two-sts-chaos-1');
      expect(logs).to.match(
        /verdict: FAILED \(exit 1\) over 2 targets: multi-chart\/web passed, multi-chart\/orphan failed/,
      );
      await uninstallChart('two', ns, { noHooks: true });
      await noRunLeft(ns);
    } finally {
      await uninstallChart('two', ns, { noHooks: true }).catch(() => undefined);
      await kubectl('delete', 'namespace', ns, '--wait=false', '--ignore-not-found');
    }
  });
});
