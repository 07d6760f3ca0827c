import { expect } from 'chai';
import { RunConfigSchema } from '../../config/schema.ts';
import { podKill } from '../../faults/pod-kill.ts';
import type { Target } from '../target.ts';
import { planLines, stepHeading, stepPlan } from './plan.ts';

const target = {
  namespace: 'demo',
  name: 'web',
  container: 'web',
  claimTemplates: ['data'],
} as unknown as Target;

describe('a guided step’s plan', () => {
  const plan = stepPlan({
    at: { number: 4, of: 28, iteration: 2 },
    suite: 'identity',
    step: 'identity/pod-kill-forced',
    title: 'pod-kill (forced) web-2',
    fault: podKill({ force: true }),
    victim: { ordinal: 2, pod: 'web-2', uid: 'u', node: 'n2', restartCount: 0 },
    checks: ['ID-1', 'REC-1'],
    target,
    config: RunConfigSchema.parse({ target: 'demo/web' }),
  });

  it('names the step, the real pod and node, the checks with their catalogue titles, and the revert', () => {
    expect(plan).to.deep.include({
      number: 4,
      of: 28,
      iteration: 2,
      step: 'identity/pod-kill-forced',
      target: 'demo/web',
      victim: { pod: 'web-2', node: 'n2', ordinal: 2 },
    });
    expect(plan.checks.map((c) => c.id)).to.deep.equal(['ID-1', 'REC-1']);
    expect(plan.checks[0]?.title).to.be.a('string').and.not.equal('');
  });

  it('is said in four lines', () => {
    const lines = planLines(plan);
    expect(lines).to.have.length(4);
    expect(lines[0]).to.equal(
      'step 4 of 28 (iteration 2): identity/pod-kill-forced on demo/web: pod-kill (forced) web-2',
    );
    expect(lines[2]).to.match(/^ {2}checks: {2}ID-1 .+; REC-1 .+$/);
  });

  it('heads a step without a known total or iteration by its number alone', () => {
    expect(stepHeading({ number: 7 })).to.equal('step 7');
  });
});
