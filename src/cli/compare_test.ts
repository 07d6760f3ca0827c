import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { run, sample } from '../baseline/testing/reports.ts';
import { tempFiles } from '../config/testing/files.ts';
import { toJson } from '../report/json.ts';
import { compareInputs } from './compare.ts';
import { cli, usage } from './testing/harness.ts';

const tmp = tempFiles('sts-chaos-compare-');
const FORCED = 'identity/pod-kill-forced';

/** A report directory `name` holding one run with a sample of FORCED per total (ready = total - 2 s). */
function reportDir(name: string, totals: number[], step = FORCED): string {
  const dir = join(tmp.dir(), name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'report.json'),
    toJson(run(totals.map((t) => sample(step, t, { ready: t - 2000 })))),
  );
  return dir;
}

describe('sts-chaos compare', () => {
  it('OLD NEW: a regression is exit 1 with the table on stdout naming the fault and the phase', async () => {
    const old = reportDir('old', [3000, 3100, 3200]);
    const now = reportDir('new', [6000, 6100, 6200]);
    const r = await cli(['compare', old, join(now, 'report.json')]);
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stderr).to.equal('');
    expect(r.calls.loaded, 'engine loaded').to.equal(0);
    expect(r.stdout).to.match(
      /^identity\/pod-kill-forced {2}ready {2}1\.10s \(1–1\.2, n=3\) +→ {2}4\.10s \(4–4\.2, n=3\) {2}\+273% +REGRESSION$/m,
    );
    expect(r.stdout).to.include(`baseline: 1 run (${join(old, 'report.json')})`);
    expect(r.stdout.trimEnd().split('\n').at(-1)).to.match(
      /^REGRESSION: recovery slower than the baseline: /,
    );
  });

  it("a run of several targets: each target against the baseline's reports of that target, never pooled", async () => {
    /** A report directory of a run of several targets: one <ns>.<name>/report.json per target. */
    const many = (name: string, totals: Record<string, number[]>) => {
      for (const [sts, ts] of Object.entries(totals)) {
        const dir = join(tmp.dir(), name, `shop.${sts}`);
        mkdirSync(dir, { recursive: true });
        const steps = ts.map((t) => sample(FORCED, t, { ready: t - 2000 }));
        writeFileSync(
          join(dir, 'report.json'),
          toJson(run(steps, { target: { namespace: 'shop', name: sts } })),
        );
      }
      return join(tmp.dir(), name);
    };
    // web got slow (3 s → 9 s); db was always 9 s. Pooled, 9 s is inside the baseline's 3–9.2 s: "ok".
    const old = many('many-old', { web: [3000, 3100, 3200], db: [9000, 9100, 9200] });
    const now = many('many-new', { web: [9000, 9050, 9100], db: [9000, 9100, 9200] });
    const r = await cli(['compare', old, now]);
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stdout).to.match(/^shop\/db:$/m);
    expect(r.stdout).to.match(/^shop\/web:$/m);
    expect(r.stdout).to.include('shop/web: compared with its own baseline reports (shop/db left out)');
    expect(r.stdout).to.match(/^ {2}identity\/pod-kill-forced {2}total .* REGRESSION$/m);
  });

  it('the same reports on both sides: exit 0', async () => {
    const old = reportDir('same', [3000, 3100, 3200]);
    const r = await cli(['compare', old, old]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^OK: no recovery regression: 1 fault judged against 1 baseline run$/m);
  });

  it('pools runs: --baseline and --new repeatable, or --baseline with the new reports as arguments', async () => {
    const olds = [3000, 3100, 3200].map((t, i) => reportDir(`pool-old-${i}`, [t]));
    const news = [3050, 3150, 3250].map((t, i) => reportDir(`pool-new-${i}`, [t]));
    const a = await cli(['compare', ...olds.flatMap((o) => ['--baseline', o]), '--new', news.join(',')]);
    expect(a.code, a.stderr).to.equal(0);
    expect(a.stdout).to.include('baseline: 3 runs (');
    expect(a.stdout).to.match(
      /total {2}3\.10s \(3–3\.2, n=3\) +→ {2}3\.15s \(3\.05–3\.25, n=3\) {2}\+2% +ok$/m,
    );
    const b = await cli(['compare', '--baseline', olds.join(','), ...news]);
    expect(b.stdout).to.equal(a.stdout);
    const c = await cli([
      'compare',
      '--new',
      news.join(','),
      ...olds,
      '--max-regression',
      '1%',
      '--min-samples',
      '2',
    ]);
    expect(c.stdout).to.equal(a.stdout.replace('+25%', '+1%').replace('3 samples', '2 samples'));
  });

  it('takes --max-regression and --min-samples from STS_CHAOS_* too', async () => {
    const old = reportDir('env-old', [3000]);
    const now = reportDir('env-new', [3500]);
    const env = { STS_CHAOS_MIN_SAMPLES: '1', STS_CHAOS_MAX_REGRESSION: '10%' };
    const r = await cli(['compare', old, now], { env });
    expect(r.code, r.stderr).to.equal(1);
    const flag = await cli(['compare', old, now, '--max-regression', '60%'], { env });
    expect(flag.code, flag.stderr).to.equal(0);
  });

  it('nothing to compare is exit 2, after the table, in one line saying why', async () => {
    const old = reportDir('few-old', [3000, 3100]);
    const now = reportDir('few-new', [3000]);
    const r = await cli(['compare', old, now]);
    expect(r.code).to.equal(2);
    expect(r.stdout).to.match(/inconclusive: 2 baseline and 1 new sample, at least 3 needed each$/m);
    expect(r.stderrLines).to.deep.equal([
      `sts-chaos: compare: nothing to compare: no fault has enough samples (${FORCED}: 2 baseline and 1 new sample, at least 3 needed each); give more runs on each side, or lower --min-samples`,
    ]);
    const other = reportDir('other', [3000, 3000, 3000], 'volumes/pod-kill');
    const none = await cli(['compare', old, other]);
    expect(none.code).to.equal(2);
    expect(none.stderrLines[0]).to.equal(
      `sts-chaos: compare: nothing to compare: no fault in common with the baseline (baseline: ${FORCED}; new: volumes/pod-kill)`,
    );
  });

  it('refuses a report that cannot be read, or is not one, in one line naming it', async () => {
    const old = reportDir('ok', [3000]);
    const missing = join(tmp.dir(), 'missing.json');
    expect(await usage(['compare', missing, old])).to.equal(
      `sts-chaos: baseline report ${missing}: not found`,
    );
    const yaml = tmp.file('a: b\n');
    expect(await usage(['compare', old, yaml])).to.match(
      new RegExp(`^sts-chaos: new report ${yaml}: not JSON \\(`),
    );
    const notReport = tmp.file('{"runId": 3}');
    expect(await usage(['compare', old, notReport])).to.equal(
      `sts-chaos: new report ${notReport}: not an sts-chaos report: no runId`,
    );
  });

  it('refuses a bad command line, saying how', async () => {
    expect(await usage(['compare'])).to.match(
      /^sts-chaos: compare takes two reports, got 0: compare OLD NEW/,
    );
    expect(await usage(['compare', 'a', 'b', 'c'])).to.match(/compare takes two reports, got 3/);
    expect(await usage(['compare', '--baseline', 'a'])).to.match(/compare needs the new reports/);
    expect(await usage(['compare', '--new', 'a'])).to.match(/compare needs the baseline's reports/);
    expect(await usage(['compare', '--baseline', 'a', '--new', 'b', 'c'])).to.equal(
      'sts-chaos: compare: c: give each report with --baseline or --new',
    );
    expect(await usage(['compare', '--baseline', ',', 'b'])).to.equal(
      'sts-chaos: --baseline: names no report',
    );
    expect(await usage(['compare', 'a', 'b', '--max-regression', '25'])).to.equal(
      'sts-chaos: --max-regression: "25" is not a percentage (e.g. 25%, 12.5%)',
    );
    expect(await usage(['compare', 'a', 'b', '--min-samples', '0'])).to.equal(
      'sts-chaos: --min-samples: 0 is too small (at least 1)',
    );
    expect(await usage(['compare', 'a', 'b', '--budget', '3m'])).to.match(/unknown option '--budget'/);
  });

  it('--help says the forms and the exit codes', async () => {
    const r = await cli(['compare', '--help']);
    expect(r.code).to.equal(0);
    for (const s of [
      '--baseline <report>',
      '--new <report>',
      '--max-regression <percent>',
      '--min-samples <n>',
    ])
      expect(r.stdout).to.include(s);
    expect(r.stdout.replace(/\s+/g, ' ')).to.include('[env: STS_CHAOS_MAX_REGRESSION]');
    expect(r.stdout).to.include('Exit codes: 0 no regression, 1 a regression');
    expect((await cli(['--help'])).stdout).to.include('compare');
  });

  it('sides: the flags, then the arguments', () => {
    expect(compareInputs({}, ['a', 'b'])).to.deep.equal({ baseline: ['a'], current: ['b'] });
    expect(compareInputs({ '--baseline': ['a', 'b,c'] }, ['d'])).to.deep.equal({
      baseline: ['a', 'b', 'c'],
      current: ['d'],
    });
    expect(compareInputs({ '--new': ['d'] }, ['a', 'b'])).to.deep.equal({
      baseline: ['a', 'b'],
      current: ['d'],
    });
  });
});
