import { expect } from 'chai';
import { annotateCommand, decisionFor, isAnswer } from './annotation.ts';

describe('the continue annotation', () => {
  it('answers the step it names by number; abort answers any step', () => {
    expect(decisionFor('3', 3)).to.equal('continue');
    expect(decisionFor(' 3 ', 3)).to.equal('continue');
    expect(decisionFor('skip:3', 3)).to.equal('skip');
    expect(decisionFor('SKIP: 3', 3)).to.equal('skip');
    expect(decisionFor('abort', 3)).to.equal('abort');
    expect(decisionFor('Abort', 9)).to.equal('abort');
  });

  it('leaves another step’s answer, a left-over one and none unanswered', () => {
    expect(decisionFor('2', 3)).to.equal(undefined);
    expect(decisionFor('skip:2', 3)).to.equal(undefined);
    expect(decisionFor('13', 3)).to.equal(undefined);
    expect(decisionFor(undefined, 3)).to.equal(undefined);
    expect(decisionFor('identity/pod-kill-forced', 3)).to.equal(undefined);
  });

  it('knows which values are answers at all', () => {
    for (const v of ['3', 'skip:3', ' skip : 12 ', 'abort', 'ABORT']) expect(isAnswer(v), v).to.equal(true);
    for (const v of ['', 'go', 'skip', 'skip:x', '3 4', 'continue']) expect(isAnswer(v), v).to.equal(false);
  });

  it('gives the kubectl command of each answer', () => {
    expect(annotateCommand('demo', 'run-1', 3, 'continue')).to.equal(
      'kubectl -n demo annotate job/run-1 sts-chaos.io/continue=3 --overwrite',
    );
    expect(annotateCommand('demo', 'run-1', 3, 'skip')).to.match(/continue=skip:3 --overwrite$/);
    expect(annotateCommand('demo', 'run-1', 3, 'abort')).to.match(/continue=abort --overwrite$/);
  });
});
