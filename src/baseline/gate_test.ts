import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { UsageError } from '../errors.ts';
import { toJson } from '../report/json.ts';
import { type Baseline, gateOnBaseline, loadBaseline, type RunVerdict } from './gate.ts';
import { DEFAULT_COMPARE } from './options.ts';
import { run, runsOf, sample } from './testing/reports.ts';

const FORCED = 'identity/pod-kill-forced';
const PASSED: RunVerdict = { outcome: 'passed', exitCode: 0 };

function capture() {
  const lines: { level: string; msg: string }[] = [];
  return {
    lines,
    log: {
      info: (_o: object, msg: string) => lines.push({ level: 'info', msg }),
      warn: (_o: object, msg: string) => lines.push({ level: 'warn', msg }),
    } as never,
  };
}

const WEB = { namespace: 'demo', name: 'web' };

function baselineOf(totals: number[], minSamples = 1, target = WEB): Baseline {
  return {
    reports: runsOf(FORCED, totals).map((r) => ({ file: `${r.runId}/report.json`, target, run: r })),
    options: { ...DEFAULT_COMPARE, minSamples },
  };
}

const thisRun = (total: number, target = WEB) => ({
  runId: 'run-now',
  reportDir: 'out',
  target,
  steps: [sample(FORCED, total, { ready: total - 500 })],
});

describe('baseline gate (run --baseline)', () => {
  it('no baseline: the verdict as it was, no comparison', () => {
    const { log, lines } = capture();
    expect(gateOnBaseline(undefined, thisRun(1000), PASSED, log)).to.equal(PASSED);
    expect(lines).to.have.length(0);
  });

  it('no regression: passed stays passed, the comparison attached and logged', () => {
    const { log, lines } = capture();
    const v = gateOnBaseline(baselineOf([3000, 3100, 3200]), thisRun(3150), PASSED, log);
    expect(v.outcome).to.equal('passed');
    expect(v.exitCode).to.equal(0);
    expect(v.reason).to.equal(undefined);
    expect(v.baseline?.verdict).to.equal('ok');
    expect(v.baseline?.current.reports).to.deep.equal([join('out', 'report.json')]);
    expect(lines.some((l) => l.msg.startsWith(`${FORCED}  total`))).to.equal(true);
  });

  it('a regression fails a passed run with exit 1 and a reason naming the fault and the phase', () => {
    const { log, lines } = capture();
    const v = gateOnBaseline(baselineOf([3000, 3100, 3200]), thisRun(9000), PASSED, log);
    expect(v.outcome).to.equal('failed');
    expect(v.exitCode).to.equal(1);
    expect(v.reason).to.equal(
      `recovery slower than the baseline: ${FORCED} total +190% (3.10s → 9.00s), ${FORCED} ready +227% (2.60s → 8.50s)`,
    );
    expect(lines.filter((l) => l.level === 'warn')).to.have.length(1);
  });

  it('a failed run keeps its code, the regression added to its reason; an interrupted run is left as it is', () => {
    const { log } = capture();
    const failed: RunVerdict = { outcome: 'failed', exitCode: 1, reason: 'failed: VOL-3 on x' };
    const v = gateOnBaseline(baselineOf([3000]), thisRun(9000), failed, log);
    expect(v.exitCode).to.equal(1);
    expect(v.reason).to.match(/^failed: VOL-3 on x; recovery slower than the baseline: /);
    const interrupted: RunVerdict = { outcome: 'interrupted', exitCode: 4, reason: 'SIGTERM' };
    const i = gateOnBaseline(baselineOf([3000]), thisRun(9000), interrupted, log);
    expect(i).to.deep.include({ outcome: 'interrupted', exitCode: 4, reason: 'SIGTERM' });
    expect(i.baseline?.verdict).to.equal('regression');
  });

  it("a baseline of several targets: this target's own reports only (a slow target's samples would hide a regression)", () => {
    const { log, lines } = capture();
    const db = { namespace: 'demo', name: 'db' };
    const mixed: Baseline = {
      reports: [...baselineOf([3000, 3100, 3200]).reports, ...baselineOf([9000, 9100, 9200], 1, db).reports],
      options: { ...DEFAULT_COMPARE, minSamples: 1 },
    };
    // Pooled, 9.0 s sat inside the baseline's range (3.0–9.2 s): no regression. Per target, one.
    const v = gateOnBaseline(mixed, thisRun(9000), PASSED, log);
    expect(v.baseline?.verdict).to.equal('regression');
    expect(v.baseline?.baseline.runIds).to.have.length(3);
    expect(lines.map((l) => l.msg)).to.include(
      'baseline: demo/web: compared with its own baseline reports (demo/db left out)',
    );
    const none = gateOnBaseline(mixed, thisRun(3000, { namespace: 'demo', name: 'kv' }), PASSED, log);
    expect(none.outcome).to.equal('failed');
    expect(none.reason).to.equal(
      'baseline gate without a verdict: demo/kv: no baseline report of it (the baseline holds demo/web, demo/db)',
    );
    const renamed = gateOnBaseline(
      baselineOf([3000, 3100, 3200]),
      thisRun(9000, { namespace: 'new', name: 'web' }),
      PASSED,
      log,
    );
    expect(renamed.baseline?.verdict).to.equal('regression');
  });

  it('nothing judged is not a pass: exit 1, saying why and what to do', () => {
    const { log } = capture();
    const few = gateOnBaseline(baselineOf([3000, 3100, 3200], 3), thisRun(3100), PASSED, log);
    expect(few.outcome).to.equal('failed');
    expect(few.exitCode).to.equal(1);
    expect(few.reason).to.equal(
      `baseline gate without a verdict: nothing to compare: no fault has enough samples (${FORCED}: 1 new sample, at least 3 needed); run each step several times (--repeat 3), pool more runs in --baseline, or lower --min-samples (a run has one sample per step per iteration)`,
    );
    const none = gateOnBaseline(
      baselineOf([3000]),
      { runId: 'x', reportDir: 'out', target: WEB, steps: [sample('volumes/pod-kill', 1000)] },
      PASSED,
      log,
    );
    expect(none.reason).to.equal(
      `baseline gate without a verdict: nothing to compare: no fault in common with the baseline (baseline: ${FORCED}; new: volumes/pod-kill)`,
    );
    const empty = gateOnBaseline(
      baselineOf([3000]),
      { runId: 'x', reportDir: 'out', target: WEB, steps: [] },
      PASSED,
      log,
    );
    expect(empty.exitCode).to.equal(1);
    expect(empty.reason).to.match(/the new runs have no sample/);
  });

  it('never throws: a comparison that cannot be made fails a passed run, saying so', () => {
    const { log } = capture();
    const broken = {
      ...baselineOf([3000]),
      reports: [{ file: 'x', target: WEB, run: { runId: 'x', steps: null as never } }],
    };
    const v = gateOnBaseline(broken, thisRun(3000), PASSED, log);
    expect(v.exitCode).to.equal(1);
    expect(v.reason).to.match(/^baseline: the comparison failed: /);
  });

  it('loads the baseline before the run, refusing a bad path with a UsageError', async () => {
    expect(await loadBaseline({ baseline: [], maxRegression: 25, minSamples: 3 })).to.equal(undefined);
    const dir = mkdtempSync(join(tmpdir(), 'sts-chaos-gate-'));
    try {
      const file = join(dir, 'report.json');
      writeFileSync(file, toJson(run([sample(FORCED, 1000)])));
      const b = await loadBaseline({ baseline: [dir], maxRegression: 10, minSamples: 2 });
      expect(b?.reports.map((r) => r.file)).to.deep.equal([file]);
      expect(Object.keys(b?.reports[0]?.run ?? {})).to.deep.equal(['runId', 'steps']);
      expect(b?.options).to.deep.include({ maxRegression: 10, minSamples: 2 });
      let error: unknown;
      await loadBaseline({ baseline: [join(dir, 'x.json')], maxRegression: 25, minSamples: 3 }).catch((e) => {
        error = e;
      });
      expect(error).to.be.instanceOf(UsageError);
      expect((error as Error).message).to.equal(`baseline report ${join(dir, 'x.json')}: not found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
