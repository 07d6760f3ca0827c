import { expect } from 'chai';
import pino from 'pino';
import { CATALOGUE } from '../catalogue/index.ts';
import { RunConfigSchema } from '../config/schema.ts';
import type { GateDecision, StepGate, StepPlan } from './guide/gate.ts';
import { Session, type SessionDeps } from './session.ts';
import { demoTarget } from './testing/target.ts';

const target = demoTarget({ claimTemplates: [], claimMounts: {} });
const pods = [0, 1, 2].map((i) => ({
  metadata: { name: `web-${i}`, uid: `u${i}` },
  spec: { nodeName: `n${i}` },
  status: {
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [{ name: 'web', restartCount: 0 }],
  },
}));
const recorder = {
  objects: (kind: string) =>
    kind === 'Pod' ? pods : kind === 'StatefulSet' ? [{ metadata: {}, status: {} }] : [],
  waitFor: async () => undefined,
};
const planned = CATALOGUE.flatMap((s) => s.steps.map((step) => ({ s, step }))).find(
  (x) => x.step.id === 'identity/pod-kill-forced',
);
if (!planned) throw new Error('no identity/pod-kill-forced in the catalogue');
const step = {
  suite: planned.s.id,
  step: planned.step,
  title: 'identity: pod-kill forced',
  tests: planned.step.checks.map((check) => ({ check, title: check, fullTitle: check })),
};

/** A session whose gate answers `answer`, recording the plans it saw; the fault is never injected. */
function session(
  answer: GateDecision | ((signal: AbortSignal) => Promise<GateDecision>),
  signal?: AbortSignal,
) {
  const plans: StepPlan[] = [];
  const gate: StepGate = {
    async before(plan, sig) {
      plans.push(plan);
      return typeof answer === 'function' ? answer(sig) : answer;
    },
  };
  const deps = {
    recorder,
    target,
    config: RunConfigSchema.parse({ target: 'demo/web' }),
    log: pino({ level: 'silent' }),
    signal: signal ?? new AbortController().signal,
    runId: 'run-1',
    inCluster: false,
    execWorks: false,
    gate,
  } as unknown as SessionDeps;
  return { s: new Session(deps), plans };
}

describe('a guided session', () => {
  it('gives the gate the plan of the real victim, numbered where the caller says', async () => {
    const { s, plans } = session('skip');
    await s.runStep(step, { number: 5, of: 8, iteration: 2 });
    expect(plans).to.have.length(1);
    expect(plans[0]).to.deep.include({
      number: 5,
      of: 8,
      iteration: 2,
      step: 'identity/pod-kill-forced',
      title: 'pod-kill (forced) web-2',
      victim: { pod: 'web-2', node: 'n2', ordinal: 2 },
    });
    expect(plans[0]?.checks.map((c) => c.id)).to.deep.equal(planned.step.checks);
  });

  it('a skip: the step reported on its victim, every check skipped by the operator, the run goes on', async () => {
    const { s } = session('skip');
    const report = await s.runStep(step, { number: 1, iteration: 1 });
    expect(report).to.deep.include({
      title: 'pod-kill (forced) web-2',
      ordinal: 2,
      node: 'n2',
      iteration: 1,
    });
    expect(report.results.map((r) => [r.status, r.reason])).to.deep.equal(
      planned.step.checks.map(() => ['skip', 'skipped by the operator']),
    );
    expect(s.steps).to.have.length(1);
    expect(s.abortReason).to.equal(undefined);
  });

  it('an abort: the run stops there (exit 4), aborted by the operator, naming the step', async () => {
    const { s } = session('abort');
    let err: Error & { exitCode?: number } = new Error('none');
    await s.runStep(step, { number: 3 }).catch((e: Error) => (err = e));
    expect(err.exitCode).to.equal(4);
    expect(s.abortSummary).to.equal('aborted by the operator at step 3 (identity/pod-kill-forced on web-2)');
    expect(s.steps).to.have.length(0);
    // The next step does not run.
    let next: Error | undefined;
    await s.runStep(step).catch((e: Error) => (next = e));
    expect(next?.message).to.match(/^aborted: at step 3/);
  });

  it('numbers the steps itself when the caller does not', async () => {
    const { s, plans } = session('skip');
    await s.runStep(step);
    await s.runStep(step);
    expect(plans.map((p) => p.number)).to.deep.equal([1, 2]);
    expect(s.steps.every((x) => x.iteration === undefined)).to.equal(true);
  });

  it('a gate that fails (nobody can answer any more) aborts the run: no step runs unanswered', async () => {
    const { s } = session(async () => {
      throw new Error('cannot watch job demo/run-1: 403 Forbidden');
    });
    let err: Error | undefined;
    await s.runStep(step).catch((e: Error) => (err = e));
    expect(err?.message).to.match(/cannot watch job/);
    expect(s.abortReason).to.equal(
      'the guided step mode failed at step 1: cannot watch job demo/run-1: 403 Forbidden',
    );
  });

  it('SIGTERM while the operator is awaited ends the wait: interrupted (exit 4)', async () => {
    const ac = new AbortController();
    const { s } = session(
      (sig) =>
        new Promise((_, reject) => sig.addEventListener('abort', () => reject(sig.reason), { once: true })),
      ac.signal,
    );
    const run = s.runStep(step);
    setTimeout(() => ac.abort(new Error('SIGTERM')), 5);
    let err: (Error & { exitCode?: number }) | undefined;
    await run.catch((e: Error) => (err = e));
    expect(err?.message).to.equal('interrupted: every fault was reverted');
    expect(err?.exitCode).to.equal(4);
    expect(s.abortReason).to.equal(undefined);
  });
});
