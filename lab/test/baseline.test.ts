/**
 * The recovery-time baseline gate on the lab, on a copy of the demo in its own namespace: a run of its
 * graceful pod kill three times (--repeat 3: three samples, the default --min-samples) is the baseline; a
 * second such run with --baseline passes against it; one run alone (one sample) is inconclusive, never a
 * pass (exit 1); on the demo slowed (a copy whose readiness probe has initialDelaySeconds 8, rolled out
 * while the baseline runs) a run with --baseline fails with exit 1, its reason naming the fault and the ready phase;
 * `sts-chaos compare` of the same reports prints the same rows and exits 1 too.
 *
 * --max-regression 100%: the lab's own noise on a 1-4 s recovery stays well inside it, the 8 s readiness
 * delay far outside it.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { CLI, messages, noRunLeft, stsChaos, why } from './cli-helpers.ts';
import { reportOf } from './fixtures.ts';
import { kubectl } from './helpers.ts';
import { demoAs } from './update-fixtures.ts';

const NS = 'baseline-demo';
/** The same demo slowed: its readiness probe's initialDelaySeconds 8 (the new release, slower to be Ready). */
const SLOW = 'baseline-slow';
const STEP = 'identity/pod-kill-graceful';
const runOn = (ns: string) => [
  'run',
  '--target',
  `${ns}/web`,
  '--suites',
  'identity',
  '--faults',
  'pod-kill',
  '--grep',
  'graceful',
  '--skip',
  'ID-3 DNS',
];
const RUN = runOn(NS);
const GATE = ['--max-regression', '100%'];
const THRICE = ['--repeat', '3'];

/** `sts-chaos compare ARGS` (no cluster: it reads files only). */
async function compare(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, 'compare', ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

/** The rows of the comparison table for STEP (fault, phase, both sides, change, verdict). */
const rows = (lines: readonly string[]) => lines.filter((l) => l.startsWith(`${STEP}  `));

describe('recovery-time baseline gate', function () {
  this.timeout(900_000);
  const baseline: string[] = [];

  before(async () => {
    // The slowed copy rolls out (8 s per pod) while the baseline runs.
    const slow = demoAs(SLOW, { readinessDelay: 8 }).then(
      () => undefined,
      (e: Error) => e,
    );
    await demoAs(NS);
    const r = await stsChaos([...RUN, ...THRICE]);
    expect(r.code, why(r)).to.equal(0);
    const steps = reportOf(r).steps.filter((s) => s.step === STEP);
    expect(steps.map((s) => typeof s.recovery?.ready)).to.deep.equal(['number', 'number', 'number']);
    // --repeat: each step with its iteration, the progress before each, a running summary after each.
    expect(reportOf(r).steps.map((s) => s.iteration)).to.deep.equal([1, 2, 3]);
    const msgs = messages(r);
    expect(msgs).to.include.members(['iteration 1 of 3', 'iteration 2 of 3', 'iteration 3 of 3']);
    expect(msgs.find((m) => m.startsWith('step 1 of 3 '))).to.match(
      /^step 1 of 3 \(identity\/pod-kill-graceful\), elapsed \d/,
    );
    expect(msgs.find((m) => m.startsWith('step 3 of 3 '))).to.match(/, about \d+(m\d+s|m|s) left$/);
    expect(msgs.find((m) => m.startsWith('3 iterations done of 3'))).to.match(
      /^3 iterations done of 3: 3 steps; checks \d+ passed, 0 failed, \d+ skipped; recovery median: identity\/pod-kill-graceful \S+ \(3\)/,
    );
    baseline.push(join(r.dir, 'report.json'));
    const err = await slow;
    if (err) throw err;
  });
  after(async () => {
    for (const ns of [NS, SLOW])
      await kubectl('delete', 'namespace', ns, '--wait=false', '--ignore-not-found');
  });

  it('a run passes against its own baseline; the baseline compared with itself passes', async () => {
    const self = await compare(['--baseline', baseline.join(','), '--new', baseline.join(',')]);
    expect(self.code, self.stderr).to.equal(0);
    expect(self.stdout).to.match(/^OK: no recovery regression: 1 fault judged against 1 baseline run/m);

    // One run, one sample: inconclusive, and that is no pass.
    const once = await stsChaos([...RUN, ...baseline.flatMap((b) => ['--baseline', b]), ...GATE]);
    expect(once.code, why(once)).to.equal(1);
    expect(reportOf(once).baseline?.verdict).to.equal('inconclusive');
    expect(reportOf(once).reason).to.match(/^baseline gate without a verdict: .*at least 3/);

    const r = await stsChaos([...RUN, ...THRICE, ...baseline.flatMap((b) => ['--baseline', b]), ...GATE]);
    console.log(
      rows(messages(r))
        .map((l) => `      ${l}`)
        .join('\n'),
    );
    expect(r.code, why(r)).to.equal(0);
    const c = reportOf(r).baseline;
    expect(c?.verdict).to.equal('ok');
    expect(c?.baseline.runIds).to.have.length(1);
    expect(c?.faults.map((f) => f.fault)).to.deep.equal([STEP]);
    expect(c?.faults[0]?.phases.map((p) => p.phase)).to.include.members(['total', 'ready']);
    await noRunLeft(NS);
  });

  it('slowed by a readiness delay: exit 1 naming the fault and the ready phase; compare prints the same rows', async () => {
    const r = await stsChaos([
      ...runOn(SLOW),
      ...THRICE,
      ...baseline.flatMap((b) => ['--baseline', b]),
      ...GATE,
    ]);
    const logged = rows(messages(r));
    console.log(logged.map((l) => `      ${l}`).join('\n'));
    expect(r.code, why(r)).to.equal(1);
    const rep = reportOf(r);
    expect(rep.outcome).to.equal('failed');
    // The checks themselves passed: the baseline alone failed the run.
    expect(rep.steps.flatMap((s) => s.results).filter((x) => x.status === 'fail')).to.have.length(0);
    expect(rep.reason).to.match(
      new RegExp(`^recovery slower than the baseline: .*${STEP} ready \\+\\d+% \\(`),
    );
    expect(rep.baseline?.verdict).to.equal('regression');
    const ready = rep.baseline?.faults[0]?.phases.find((p) => p.phase === 'ready');
    expect(ready?.verdict).to.equal('regression');
    expect(ready?.current.median, 'the ready phase took the delay').to.be.at.least(7000);
    expect(messages(r).at(-1)).to.match(/^verdict: FAILED \(exit 1\): recovery slower than the baseline: /);
    expect(logged.some((l) => / ready .* REGRESSION$/.test(l))).to.equal(true);

    const slow = join(r.dir, 'report.json');
    const c = await compare([...baseline.flatMap((b) => ['--baseline', b]), '--new', slow, ...GATE]);
    expect(c.code, c.stderr).to.equal(1);
    expect(c.stderr).to.equal('');
    expect(rows(c.stdout.split('\n'))).to.deep.equal(logged);
    expect(c.stdout).to.match(/^REGRESSION: recovery slower than the baseline: /m);
    await noRunLeft(SLOW);
  });
});
