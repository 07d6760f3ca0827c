import { expect } from 'chai';
import Mocha from 'mocha';
import { CATALOGUE, type PlannedStep, selectSteps } from '../../catalogue/index.ts';
import type { StepReport } from '../../report/types.ts';
import { Duration } from '../../util/duration.ts';
import { captureLog } from '../events/testing/fakes.ts';
import type { StepAt } from '../guide/plan.ts';
import { runIterations, totalSteps } from './loop.ts';

const planned = selectSteps(CATALOGUE, { suites: ['identity'], faults: ['pod-kill'], skip: 'ID-3' });

/**
 * A session whose every step takes 10 minutes of the fake clock and passes, but for `failing` (step
 * numbers whose first check fails); `abortAfter` aborts the run at that step.
 */
function fake(o: { failing?: number[]; abortAfter?: number } = {}) {
  let t = 0;
  const calls: StepAt[] = [];
  const steps: StepReport[] = [];
  let abortReason: string | undefined;
  const session = {
    steps,
    get abortReason() {
      return abortReason;
    },
    async runStep(p: PlannedStep, at: StepAt): Promise<StepReport> {
      calls.push(at);
      t += 10 * 60_000;
      const report: StepReport = {
        title: p.step.id,
        suite: p.suite,
        step: p.step.id,
        ...(at.iteration !== undefined ? { iteration: at.iteration } : {}),
        fault: p.step.fault,
        startedAt: 0,
        endedAt: 0,
        results: p.tests.map((x, i) => ({
          id: x.check,
          status: i === 0 && o.failing?.includes(at.number) ? 'fail' : 'pass',
          reason: 'r',
          violations: [],
        })),
        recovery: { total: 5_000 },
      };
      steps.push(report);
      if (at.number === o.abortAfter) abortReason = 'the target changed';
      return report;
    },
  };
  const { log, lines } = captureLog();
  const opts = { log, reporter: Mocha.reporters.Base, signal: new AbortController().signal, now: () => t };
  return { session, calls, steps, opts, msgs: () => lines.map((l) => l.msg) };
}

describe('the iterations of a run (--repeat, --for)', () => {
  it('once by default: the steps numbered of the plan’s count, no iteration, no summary', async () => {
    const f = fake();
    const failures = await runIterations(planned, f.session, { ...f.opts, config: {} });
    expect(failures).to.equal(0);
    expect(f.calls).to.deep.equal([
      { number: 1, of: 2 },
      { number: 2, of: 2 },
    ]);
    expect(f.msgs().filter((m) => m.includes('iteration'))).to.deep.equal([]);
  });

  it('the second of three targets: its steps numbered after the first one’s, of all three targets’ steps', async () => {
    const f = fake();
    await runIterations(planned, f.session, { ...f.opts, config: {}, numbering: { before: 2, targets: 3 } });
    expect(f.calls).to.deep.equal([
      { number: 3, of: 6 },
      { number: 4, of: 6 },
    ]);
  });

  it('--repeat 2: twice the steps with their iteration, a fresh mocha each time; a failing check does not stop it', async () => {
    const f = fake({ failing: [1] });
    const failures = await runIterations(planned, f.session, { ...f.opts, config: { repeat: 2 } });
    expect(failures).to.equal(1);
    expect(f.calls).to.deep.equal([
      { number: 1, of: 4, iteration: 1 },
      { number: 2, of: 4, iteration: 1 },
      { number: 3, of: 4, iteration: 2 },
      { number: 4, of: 4, iteration: 2 },
    ]);
    expect(f.steps.map((s) => s.iteration)).to.deep.equal([1, 1, 2, 2]);
    const n = planned[0]?.tests.length ?? 0;
    expect(f.msgs()).to.include.members([
      'iteration 1 of 2',
      'iteration 2 of 2',
      `1 iteration done of 2: 2 steps; checks ${2 * n - 1} passed, 1 failed, 0 skipped; recovery median: identity/pod-kill-graceful 5s (1), identity/pod-kill-forced 5s (1)`,
      `2 iterations done of 2: 4 steps; checks ${4 * n - 1} passed, 1 failed, 0 skipped; recovery median: identity/pod-kill-graceful 5s (2), identity/pod-kill-forced 5s (2)`,
    ]);
  });

  it('logs the progress before each step: step i of N, elapsed, about what is left', async () => {
    const f = fake();
    await runIterations(planned, f.session, { ...f.opts, config: { repeat: 2 } });
    expect(f.msgs().filter((m) => m.startsWith('step '))).to.deep.equal([
      'step 1 of 4 (identity/pod-kill-graceful), elapsed 0s',
      'step 2 of 4 (identity/pod-kill-forced), elapsed 10m, about 30m left',
      'step 3 of 4 (identity/pod-kill-graceful), elapsed 20m, about 20m left',
      'step 4 of 4 (identity/pod-kill-forced), elapsed 30m, about 10m left',
    ]);
  });

  it('leaves the operator’s wait out of a step’s time', async () => {
    const f = fake();
    let waited = 0;
    const session = {
      ...f.session,
      steps: f.steps,
      abortReason: undefined,
      async runStep(p: PlannedStep, at: StepAt) {
        waited += 5 * 60_000;
        return f.session.runStep(p, at);
      },
    };
    await runIterations(planned, session, { ...f.opts, config: { repeat: 2 }, waitedMs: () => waited });
    expect(f.msgs().find((m) => m.startsWith('step 2 '))).to.match(/about 15m left$/);
  });

  it('--for 30m: no iteration starts after the deadline, the one in progress finishes', async () => {
    const f = fake();
    await runIterations(planned, f.session, { ...f.opts, config: { repeatFor: Duration.minutes(30) } });
    // Iteration 1 ends at 20 min, 2 starts before the deadline and ends at 40 min; 3 does not start.
    expect(f.calls.map((c) => `${c.number}/${c.iteration}`)).to.deep.equal(['1/1', '2/1', '3/2', '4/2']);
    expect(f.calls.every((c) => c.of === undefined)).to.equal(true);
    expect(
      f.msgs().some((m) => /^the --for deadline \(\d\d:\d\d\) has passed: no iteration 3$/.test(m)),
    ).to.equal(true);
    expect(f.msgs().find((m) => m.startsWith('step 3 '))).to.match(
      /^step 3 \(identity\/pod-kill-graceful\), elapsed 20m, until \d\d:\d\d$/,
    );
  });

  it('--repeat with --for: whichever ends first', async () => {
    const f = fake();
    await runIterations(planned, f.session, {
      ...f.opts,
      config: { repeat: 5, repeatFor: Duration.minutes(30) },
    });
    expect(f.calls).to.have.length(4);
    const g = fake();
    await runIterations(planned, g.session, {
      ...g.opts,
      config: { repeat: 1, repeatFor: Duration.minutes(300) },
    });
    expect(g.calls).to.have.length(2);
  });

  it('no iteration after the run aborted itself or was interrupted', async () => {
    const f = fake({ abortAfter: 2 });
    await runIterations(planned, f.session, { ...f.opts, config: { repeat: 3 } });
    expect(f.calls).to.have.length(2);
    const g = fake();
    const ac = new AbortController();
    const session = {
      ...g.session,
      steps: g.steps,
      abortReason: undefined,
      async runStep(p: PlannedStep, at: StepAt) {
        ac.abort();
        return g.session.runStep(p, at);
      },
    };
    await runIterations(planned, session, { ...g.opts, signal: ac.signal, config: { repeat: 3 } });
    expect(g.calls).to.have.length(2);
  });

  it('holds a step to its time limit, but not in a guided run, whose steps wait for the operator', async () => {
    const slow = (f: ReturnType<typeof fake>) => ({
      ...f.session,
      steps: f.steps,
      abortReason: undefined,
      async runStep(p: PlannedStep, at: StepAt) {
        await new Promise((r) => setTimeout(r, 60));
        return f.session.runStep(p, at);
      },
    });
    const f = fake();
    const limit = Duration.millis(20);
    const timedOut = await runIterations(planned, slow(f), { ...f.opts, config: {}, stepTimeout: limit });
    expect(timedOut).to.equal(planned.length);
    const g = fake();
    const guided = await runIterations(planned, slow(g), {
      ...g.opts,
      config: { guided: true },
      stepTimeout: limit,
    });
    expect(guided).to.equal(0);
  });

  it('counts the run’s steps: the plan’s times --repeat; unknown with --for alone', () => {
    expect(totalSteps(7, {})).to.equal(7);
    expect(totalSteps(7, { repeat: 3 })).to.equal(21);
    expect(totalSteps(7, { repeatFor: Duration.minutes(30) })).to.equal(undefined);
    expect(totalSteps(7, { repeat: 2, repeatFor: Duration.minutes(30) })).to.equal(14);
  });
});
