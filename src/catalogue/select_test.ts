import { expect } from 'chai';
import Mocha from 'mocha';
import { checks } from '../checks/index.ts';
import { FAULT_IDS, SUITE_NAMES } from '../config/types.ts';
import type { StepReport } from '../report/types.ts';
import { CATALOGUE } from './index.ts';
import { mochaFor, type StepRunner } from './mocha.ts';
import { type Selection, selectSteps } from './select.ts';

const all: Selection = { suites: SUITE_NAMES, faults: FAULT_IDS };

/** A step runner that reports every asked check as passed, except `ID-3` (skipped), recording the calls. */
function fakeRunner(): StepRunner & { calls: { step: string; checks: string[] }[] } {
  const calls: { step: string; checks: string[] }[] = [];
  return {
    calls,
    async runStep(p) {
      calls.push({ step: p.step.id, checks: p.tests.map((t) => t.check) });
      const report: StepReport = {
        title: p.step.id,
        suite: p.suite,
        fault: p.step.fault,
        startedAt: 0,
        endedAt: 0,
        results: p.tests.map((t) =>
          t.check === 'ID-3'
            ? { id: t.check, status: 'skip', reason: 'not sampled', violations: [] }
            : { id: t.check, status: 'pass', reason: 'ok', violations: [] },
        ),
      };
      return report;
    },
  };
}

/** Runs the mocha tree of a selection with a fake runner: the steps run and the tests reported. */
async function runFake(sel: Selection) {
  const planned = selectSteps(CATALOGUE, sel);
  const runner = fakeRunner();
  const mocha = mochaFor(planned, runner, Mocha.reporters.Base);
  const reported: string[] = [];
  await new Promise<void>((resolve) => {
    const r = mocha.run(() => resolve());
    r.on('test end', (t) => reported.push(t.fullTitle().replace(/ \(skipped: .*\)$/, '')));
  });
  mocha.dispose();
  return { planned, runner, reported };
}

describe('catalogue', () => {
  it('names every check that has a file in src/checks, and nothing else', () => {
    const used = new Set(CATALOGUE.flatMap((s) => s.steps.flatMap((st) => st.checks)));
    const known = new Set(checks.map((c) => c.id));
    for (const id of used) expect(known.has(id), id).to.equal(true);
    // Every check is judged by some step.
    expect([...known].filter((id) => !used.has(id as never))).to.deep.equal([]);
  });

  it('has one suite per suite name and unique step IDs prefixed by their suite', () => {
    expect(CATALOGUE.map((s) => s.id)).to.have.members([...SUITE_NAMES]);
    const ids = CATALOGUE.flatMap((s) => s.steps.map((st) => st.id));
    expect(new Set(ids).size).to.equal(ids.length);
    for (const s of CATALOGUE)
      for (const st of s.steps) expect(st.id.startsWith(`${s.id}/`), st.id).to.equal(true);
  });

  it('uses every fault in some step, and only faults of the config', () => {
    const faults = new Set(CATALOGUE.flatMap((s) => s.steps.map((st) => st.fault)));
    expect([...faults]).to.have.members([...FAULT_IDS]);
  });

  it('makes a fresh fault of the step’s fault ID for every run of a step', () => {
    for (const s of CATALOGUE)
      for (const st of s.steps) {
        const a = st.make();
        expect(a.name, st.id).to.equal(st.fault);
        expect(st.make(), st.id).to.not.equal(a);
      }
  });
});

describe('selectSteps', () => {
  it('keeps the suites and the faults asked for, in catalogue order', () => {
    const p = selectSteps(CATALOGUE, {
      suites: ['split-brain', 'identity'],
      faults: ['pod-kill', 'node-drain'],
    });
    expect(p.map((x) => x.step.id)).to.deep.equal([
      'identity/pod-kill-graceful',
      'identity/pod-kill-forced',
      'split-brain/node-drain',
    ]);
  });

  it('filters tests by full title with --grep and --skip; a step without tests is left out', () => {
    const p = selectSteps(CATALOGUE, { ...all, grep: 'VOL-3', skip: 'NodeFault' });
    expect(p.map((x) => x.step.id)).to.deep.equal([
      'volumes/pod-kill',
      'volumes/process-kill',
      'updates/rolling-update-restart',
      'updates/rolling-update-partition',
      'updates/rolling-update-on-delete',
      'updates/bad-release',
      'recreate/orphan',
      'recreate/delete',
    ]);
    expect(p.flatMap((x) => x.tests.map((t) => t.check))).to.deep.equal(Array(8).fill('VOL-3'));
    expect(p[0]?.tests[0]?.fullTitle).to.equal(
      'volumes: pod-kill [Disruptive] VOL-3 data survives [pod-kill]',
    );
  });

  it('refuses a --grep that is not a regular expression, naming the flag (exit 2)', () => {
    expect(() => selectSteps(CATALOGUE, { ...all, grep: '(' }))
      .to.throw(/--grep: "\(" is not a regular expression/)
      .with.property('exitCode', 2);
  });
});

describe('plan and run agree', () => {
  for (const sel of [
    all,
    { ...all, suites: ['probes'] },
    { ...all, faults: ['node-loss', 'scale'] },
    { ...all, grep: 'graceful|SB-', skip: 'node-loss' },
    { ...all, grep: 'nothing matches this' },
  ] as Selection[]) {
    it(`runs exactly the planned steps and checks (${JSON.stringify({ ...sel, suites: sel.suites.length, faults: sel.faults.length })})`, async () => {
      const { planned, runner, reported } = await runFake(sel);
      expect(runner.calls).to.deep.equal(
        planned.map((p) => ({ step: p.step.id, checks: p.tests.map((t) => t.check) })),
      );
      expect(reported).to.deep.equal(planned.flatMap((p) => p.tests.map((t) => t.fullTitle)));
    });
  }
});
