import { expect } from 'chai';
import { Registry } from 'prom-client';
import type { StepReport } from '../../report/types.ts';
import { captureLog } from '../events/testing/fakes.ts';
import { RunMetrics } from './metrics.ts';
import { parseExposition, sampleValue } from './testing/exposition.ts';

const step = { suite: 'identity', step: 'identity/pod-kill-graceful', fault: 'pod-kill' };

function report(over: Partial<StepReport> = {}): StepReport {
  return {
    title: 'pod-kill (graceful) web-2',
    suite: 'identity',
    step: 'identity/pod-kill-graceful',
    fault: 'pod-kill',
    ordinal: 2,
    node: 'n1',
    startedAt: 1000,
    endedAt: 40000,
    results: [
      { id: 'REC-1', status: 'pass', reason: 'ok', violations: [] },
      { id: 'ID-1', status: 'pass', reason: 'ok', violations: [] },
      { id: 'VOL-3', status: 'fail', reason: 'lost', violations: [] },
    ],
    recovery: { deletion: 1200, scheduling: 300, attach: 4500, start: 2000, ready: 7000, total: 15000 },
    timing: { injectedAt: 2000, recoveredAt: 17000, verdictAt: 39000 },
    ...over,
  } as StepReport;
}

describe('RunMetrics', () => {
  let faults = 0;
  let registry: Registry;
  let metrics: RunMetrics;
  const requests: Record<string, number> = { get: 3, list: 2 };
  beforeEach(() => {
    faults = 0;
    registry = new Registry();
    metrics = new RunMetrics({
      registry,
      target: { namespace: 'sts-demo', name: 'web' },
      runId: 'run-1',
      usage: () => ({ requests, watches: 4, execs: 1 }),
      faultsInForce: () => faults,
    });
  });
  const read = async () => parseExposition(await registry.metrics());

  it('follows a run: planned, a step in progress, its report with recovery phases and verdicts, its end', async () => {
    metrics.planned(3);
    let s = await read();
    expect(sampleValue(s, 'sts_chaos_steps_planned')).to.equal(3);
    expect(sampleValue(s, 'sts_chaos_steps_done_total')).to.equal(0);

    metrics.started(step);
    faults = 1;
    s = await read();
    expect(sampleValue(s, 'sts_chaos_step_in_progress', step)).to.equal(1);
    expect(sampleValue(s, 'sts_chaos_faults_in_force')).to.equal(1);

    metrics.reported(report());
    faults = 0;
    metrics.ended(step);
    s = await read();
    expect(sampleValue(s, 'sts_chaos_steps_done_total')).to.equal(1);
    expect(sampleValue(s, 'sts_chaos_step_in_progress', step)).to.equal(0);
    expect(sampleValue(s, 'sts_chaos_faults_in_force')).to.equal(0);
    // 15 s total: in the 15 bucket, not the 10 one; 4.5 s attach in the 5 bucket.
    const total = { fault: 'pod-kill', phase: 'total' };
    expect(sampleValue(s, 'sts_chaos_recovery_seconds_bucket', { ...total, le: '10' })).to.equal(0);
    expect(sampleValue(s, 'sts_chaos_recovery_seconds_bucket', { ...total, le: '15' })).to.equal(1);
    expect(sampleValue(s, 'sts_chaos_recovery_seconds_sum', total)).to.equal(15);
    expect(sampleValue(s, 'sts_chaos_recovery_seconds_count', total)).to.equal(1);
    const attach = { fault: 'pod-kill', phase: 'attach' };
    expect(sampleValue(s, 'sts_chaos_recovery_seconds_bucket', { ...attach, le: '2' })).to.equal(0);
    expect(sampleValue(s, 'sts_chaos_recovery_seconds_bucket', { ...attach, le: '5' })).to.equal(1);
    for (const phase of ['deletion', 'scheduling', 'start', 'ready'])
      expect(sampleValue(s, 'sts_chaos_recovery_seconds_count', { fault: 'pod-kill', phase })).to.equal(1);
    expect(sampleValue(s, 'sts_chaos_check_results_total', { check: 'REC-1', status: 'pass' })).to.equal(1);
    expect(sampleValue(s, 'sts_chaos_check_results_total', { check: 'VOL-3', status: 'fail' })).to.equal(1);
  });

  it('counts verdicts over steps and leaves recovery alone for a skipped step', async () => {
    metrics.reported(report());
    metrics.reported(
      report({
        recovery: undefined,
        timing: undefined,
        results: [{ id: 'REC-1', status: 'skip', reason: 'no effect', violations: [] }],
      } as Partial<StepReport>),
    );
    const s = await read();
    expect(sampleValue(s, 'sts_chaos_steps_done_total')).to.equal(2);
    expect(sampleValue(s, 'sts_chaos_check_results_total', { check: 'REC-1', status: 'pass' })).to.equal(1);
    expect(sampleValue(s, 'sts_chaos_check_results_total', { check: 'REC-1', status: 'skip' })).to.equal(1);
    expect(
      sampleValue(s, 'sts_chaos_recovery_seconds_count', { fault: 'pod-kill', phase: 'total' }),
    ).to.equal(1);
  });

  it('reads the API requests by verb at each scrape, watches and execs included', async () => {
    let s = await read();
    expect(sampleValue(s, 'sts_chaos_api_requests_total', { verb: 'get' })).to.equal(3);
    expect(sampleValue(s, 'sts_chaos_api_requests_total', { verb: 'watch' })).to.equal(4);
    expect(sampleValue(s, 'sts_chaos_api_requests_total', { verb: 'exec' })).to.equal(1);
    requests.get = 10;
    requests.patch = 1;
    s = await read();
    expect(sampleValue(s, 'sts_chaos_api_requests_total', { verb: 'get' })).to.equal(10);
    expect(sampleValue(s, 'sts_chaos_api_requests_total', { verb: 'patch' })).to.equal(1);
  });

  it('labels every series with the target and the run', async () => {
    metrics.started(step);
    metrics.reported(report());
    const s = await read();
    expect(s.length).to.be.greaterThan(10);
    for (const x of s) expect(x.labels).to.include({ target: 'sts-demo/web', run: 'run-1' });
  });

  it('never throws into a step: a bad report is a log line', async () => {
    const { log, lines } = captureLog();
    const m = new RunMetrics({
      registry: new Registry(),
      target: { namespace: 'a', name: 'b' },
      runId: 'r',
      log,
    });
    expect(() => m.reported({ ...report(), results: null } as unknown as StepReport)).not.to.throw();
    expect(lines.some((l) => l.msg.startsWith('metrics:'))).to.equal(true);
  });
});
