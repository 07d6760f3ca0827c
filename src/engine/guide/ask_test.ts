import { expect } from 'chai';
import { RunConfigSchema } from '../../config/schema.ts';
import { podKill } from '../../faults/pod-kill.ts';
import type { Target } from '../target.ts';
import { askOperator } from './ask.ts';
import type { StepPlan } from './gate.ts';

const env = {
  target: { namespace: 'demo', name: 'web', container: 'web', claimTemplates: [] } as unknown as Target,
  config: RunConfigSchema.parse({ target: 'demo/web' }),
  signal: new AbortController().signal,
};
const victim = { ordinal: 1, pod: 'web-1', uid: 'u1', node: 'n1', restartCount: 0 };
const step = {
  suite: 'identity',
  fault: podKill({ force: true }),
  checks: ['ID-1' as const],
  at: { number: 2 },
};

describe('askOperator', () => {
  it('hands the gate the plan of the victim, with the run’s signal, and returns its answer', async () => {
    let seen: { plan: StepPlan; signal: AbortSignal } | undefined;
    const ask = askOperator(
      {
        async before(plan, signal) {
          seen = { plan, signal };
          return 'skip';
        },
      },
      { ...step, step: 'identity/pod-kill-forced' },
      env,
      () => undefined,
    );
    expect(await ask(victim)).to.equal('skip');
    expect(seen?.signal).to.equal(env.signal);
    expect(seen?.plan).to.deep.include({
      number: 2,
      step: 'identity/pod-kill-forced',
      title: 'pod-kill (forced) web-1',
      victim: { pod: 'web-1', node: 'n1', ordinal: 1 },
    });
  });

  it('names a step without a catalogue ID by its fault, and tells a failing gate before throwing', async () => {
    const failed: string[] = [];
    let plan: StepPlan | undefined;
    const ask = askOperator(
      {
        async before(p) {
          plan = p;
          throw new Error('cannot watch job demo/run-1');
        },
      },
      step,
      env,
      (e) => failed.push(e.message),
    );
    let err: Error | undefined;
    await ask(victim).catch((e: Error) => (err = e));
    expect(err?.message).to.equal('cannot watch job demo/run-1');
    expect(failed).to.deep.equal(['cannot watch job demo/run-1']);
    expect(plan?.step).to.equal('pod-kill (forced)');
  });
});
