/**
 * The updates suite as a cluster Job, installed with the chart (only its RBAC: the target's
 * `statefulsets patch` and `pods delete`, given because `suites` names updates): a rolling restart, the
 * partition step and a bad release on the demo, PASSED, the results in the ConfigMap, the user's template
 * and partition as they were. Run by `npm run test:lab:updates`; needs `lab up` and `npm run image`.
 */
import type * as k8s from '@kubernetes/client-node';
import { expect } from 'chai';
import { jobEnd } from './agent-fixtures.ts';
import { helm, installChart, noRunLeft } from './cli-helpers.ts';
import { kubectl, kubectlJson } from './helpers.ts';
import { demoAs, expectAllReady, targetState } from './update-fixtures.ts';

interface Report {
  steps: {
    step: string;
    error?: string;
    findings?: string[];
    results: { id: string; status: string; reason: string }[];
  }[];
}

describe('the updates suite through helm install', function () {
  this.timeout(900_000);
  const ns = 'upd-chart';
  after(async () => {
    await helm('uninstall', 'upd', '-n', ns, '--wait').catch(() => undefined);
    await kubectl('delete', 'namespace', ns, '--wait=false', '--ignore-not-found');
  });

  it('rolls the demo (restart, partition) and a bad release with the chart RBAC: PASSED, the spec as it was', async () => {
    await demoAs(ns);
    const before = await targetState(ns);
    await installChart('upd', ns, { 'target.name': 'web', suites: '{updates}', 'faults.badRelease': 'true' });
    const end = await jobEnd(ns, 'upd-sts-chaos-1', 600_000);
    const cm = await kubectlJson<k8s.V1ConfigMap>('-n', ns, 'get', 'configmap', 'upd-sts-chaos-results');
    const report = JSON.parse(cm.data?.['report.json'] ?? '{"steps":[]}') as Report;
    for (const s of report.steps) {
      console.log(`      ${s.step}${s.error ? ` ERROR ${s.error}` : ''}`);
      for (const r of s.results)
        if (r.status !== 'pass') console.log(`        ${r.id} ${r.status}: ${r.reason.slice(0, 160)}`);
      for (const f of s.findings ?? []) console.log(`        finding: ${f.slice(0, 200)}`);
    }
    expect(end, cm.data?.['summary.md']).to.equal('Complete');
    expect(cm.data?.verdict).to.equal('passed (exit 0)');
    const steps = report.steps.map((s) => s.step);
    expect(steps).to.include.members([
      'updates/rolling-update-restart',
      'updates/rolling-update-partition',
      'updates/bad-release',
    ]);
    const status = (step: string, id: string) =>
      report.steps.find((s) => s.step === step)?.results.find((r) => r.id === id)?.status;
    expect(status('updates/rolling-update-restart', 'ORD-3')).to.equal('pass');
    expect(status('updates/rolling-update-partition', 'ORD-3')).to.equal('pass');
    expect(status('updates/bad-release', 'ORD-5')).to.equal('pass');
    expect(report.steps.find((s) => s.step === 'updates/bad-release')?.findings?.join('\n')).to.match(
      /forced rollback|rolled the bad release back by itself/,
    );
    await helm('uninstall', 'upd', '-n', ns, '--wait');
    const after = await targetState(ns);
    expect(after.image, "the user's image").to.equal(before.image);
    expect(after.partition ?? 0, "the user's partition").to.equal(before.partition ?? 0);
    expectAllReady(after);
    await noRunLeft(ns);
  });
});
