/**
 * The run's Prometheus metrics on the lab, against a real Prometheus and Pushgateway (Debian's, installed by
 * `lab up`): a run on a demo serving `/metrics` on loopback is scraped every second by a Prometheus, whose
 * HTTP API then has the run's series (steps planned and done, the step in progress while it ran, the
 * recovery histogram per fault and phase, the verdicts per check, API requests); the chart's Job pushes its
 * final values to a Pushgateway on the lab's bridge address (its pod reaches it as it reaches the API
 * server), which holds them under job sts-chaos and the run's id. Needs `lab up` and `npm run image`.
 */
import type * as k8s from '@kubernetes/client-node';
import { expect } from 'chai';
import { jobEnd } from './agent-fixtures.ts';
import { installChart, noRunLeft, stsChaos, uninstallChart, why } from './cli-helpers.ts';
import { reportOf } from './fixtures.ts';
import { kubectl, kubectlJson } from './helpers.ts';
import { freePort, PromProcesses, pushedGroup, query } from './prometheus.ts';
import { demoAs } from './update-fixtures.ts';

/** The lab's bridge address (the API server's): the pods reach it, and it is on this machine. */
const BRIDGE = '198.18.0.1';
const RUN_NS = 'metrics-run';

describe('Prometheus metrics against a real Prometheus and Pushgateway', function () {
  this.timeout(600_000);
  const procs = new PromProcesses();
  after(async () => {
    await procs.stop();
    await kubectl('delete', 'namespace', RUN_NS, '--wait=false', '--ignore-not-found');
  });

  it('a run serving /metrics on loopback: Prometheus scrapes its steps, recovery histogram and verdicts', async () => {
    const port = await freePort();
    const [prom] = await Promise.all([procs.prometheus([`127.0.0.1:${port}`]), demoAs(RUN_NS)]);
    const r = await stsChaos([
      'run',
      '--target',
      `${RUN_NS}/web`,
      '--suites',
      'identity',
      '--faults',
      'pod-kill',
      '--grep',
      'graceful|forced',
      '--skip',
      'ID-3 DNS',
      '--metrics-address',
      `127.0.0.1:${port}`,
    ]);
    expect(r.code, why(r)).to.equal(0);
    const rep = reportOf(r);
    const done = rep.steps.filter((s) => s.timing).length;
    expect(done).to.equal(2);
    // Over the run's samples (its /metrics is gone now: the last scrape failed and marked them stale).
    const at = async (q: string) => {
      const v = await query(prom, q);
      console.log(`      ${q} → ${v.map((x) => `${JSON.stringify(x.metric)} ${x.value[1]}`).join('; ')}`);
      return v;
    };
    const sel = `{run="${rep.runId}",target="${RUN_NS}/web",job="sts-chaos"}`;
    expect((await at(`max_over_time(sts_chaos_steps_planned${sel}[10m])`))[0]?.value[1]).to.equal('2');
    expect((await at(`max_over_time(sts_chaos_steps_done_total${sel}[10m])`))[0]?.value[1]).to.equal('2');
    // Each step has its in-progress series; a 1 s scrape saw it at 1 when the step lasted 3 s or more.
    const inProgress = await at(`max by (step) (max_over_time(sts_chaos_step_in_progress${sel}[10m]))`);
    expect(inProgress.map((x) => x.metric.step).sort()).to.deep.equal(
      rep.steps.map((s) => s.step as string).sort(),
    );
    for (const s of rep.steps) {
      console.log(`      ${s.step}: ${s.endedAt - s.startedAt} ms`);
      if (s.endedAt - s.startedAt >= 3000)
        expect(inProgress.find((x) => x.metric.step === s.step)?.value[1], s.step).to.equal('1');
    }
    expect(inProgress.some((x) => x.value[1] === '1')).to.equal(true);
    // The recovery histogram: one observation per step, its sum the report's total.
    const counts = await at(
      `max_over_time(sts_chaos_recovery_seconds_count{run="${rep.runId}",fault="pod-kill",phase="total"}[10m])`,
    );
    expect(counts[0]?.value[1]).to.equal('2');
    const sum = await at(
      `max_over_time(sts_chaos_recovery_seconds_sum{run="${rep.runId}",fault="pod-kill",phase="total"}[10m])`,
    );
    const reported = rep.steps.reduce((t, s) => t + (s.recovery?.total ?? 0), 0) / 1000;
    expect(Number(sum[0]?.value[1])).to.be.closeTo(reported, 0.01);
    const id1 = await at(
      `max_over_time(sts_chaos_check_results_total{run="${rep.runId}",check="ID-1",status="pass"}[10m])`,
    );
    expect(id1[0]?.value[1]).to.equal('2');
    const deletes = await at(
      `max_over_time(sts_chaos_api_requests_total{run="${rep.runId}",verb="delete"}[10m])`,
    );
    expect(Number(deletes[0]?.value[1])).to.be.at.least(2);
  });

  it("the chart's Job pushes its final values to a Pushgateway (metrics.pushgateway)", async () => {
    const ns = 'metrics-chart';
    try {
      const [gw] = await Promise.all([procs.pushgateway(BRIDGE, await freePort(BRIDGE)), demoAs(ns)]);
      await installChart(
        'met',
        ns,
        {
          'target.name': 'web',
          suites: '{identity}',
          grep: 'graceful',
          skip: 'ID-3 DNS',
          'metrics.enabled': 'true',
          'metrics.pushgateway': gw,
        },
        { noHooks: true },
      );
      const end = await jobEnd(ns, 'met-sts-chaos-1', 300_000);
      const cm = await kubectlJson<k8s.V1ConfigMap>('-n', ns, 'get', 'configmap', 'met-sts-chaos-results');
      expect(end, cm.data?.['summary.md']).to.equal('Complete');
      const report = JSON.parse(cm.data?.['report.json'] ?? '{}') as { runId: string; steps: unknown[] };
      const group = await pushedGroup(gw, { job: 'sts-chaos', run: report.runId });
      expect(group, `no group run=${report.runId} in ${gw}`).to.not.equal(undefined);
      const value = (name: string) => group?.[name]?.metrics[0];
      console.log(`      pushed: ${Object.keys(group ?? {}).filter((k) => k.startsWith('sts_chaos'))}`);
      expect(value('sts_chaos_steps_done_total')?.value).to.equal(String(report.steps.length));
      expect(value('sts_chaos_steps_done_total')?.labels.target).to.equal(`${ns}/web`);
      const rec = group?.sts_chaos_recovery_seconds?.metrics.find(
        (m) => m.labels.fault === 'pod-kill' && m.labels.phase === 'total',
      );
      expect(rec?.count).to.equal('1');
      // The container served /metrics on its named port.
      const job = await kubectlJson<k8s.V1Job>('-n', ns, 'get', 'job', 'met-sts-chaos-1');
      expect(job.spec?.template.spec?.containers[0]?.ports?.[0]?.name).to.equal('metrics');
      const logs = await kubectl('-n', ns, 'logs', 'job/met-sts-chaos-1');
      expect(logs).to.match(/metrics: serving http:\/\/.*:9464\/metrics/);
      // Pushed: no wait for a scrape at the end (nothing scrapes this Job's pod).
      expect(logs).to.match(/the final values are in the Pushgateway; \/metrics closes now/);
    } finally {
      await uninstallChart('met', ns, { noHooks: true });
      await noRunLeft(ns).catch(() => undefined);
      await kubectl('delete', 'namespace', ns, '--wait=false', '--ignore-not-found');
    }
  });
});
