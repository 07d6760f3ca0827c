import { expect } from 'chai';
import { AbortedError, InterruptedError, RunAbort } from './abort.ts';

describe('RunAbort (a run’s own abort)', () => {
  it('keeps the first reason, aborts its signal once, and says who aborted', () => {
    const a = new RunAbort();
    expect(a.summary).to.equal(undefined);
    expect(a.abort('StatefulSet web was scaled by someone else', 'run')).to.equal(true);
    expect(a.abort('later', 'operator')).to.equal(false);
    expect(a.signal.aborted).to.equal(true);
    expect(a.summary).to.equal('aborted: StatefulSet web was scaled by someone else');
    const op = new RunAbort();
    op.abort('at step 3 (identity/pod-kill-forced on web-2)', 'operator');
    expect(op.summary).to.equal('aborted by the operator at step 3 (identity/pod-kill-forced on web-2)');
  });

  it('check: interrupted on the signal first, then aborted; both exit 4', () => {
    const a = new RunAbort();
    const ac = new AbortController();
    expect(() => a.check(ac.signal)).to.not.throw();
    a.abort('why', 'run');
    expect(() => a.check(ac.signal))
      .to.throw(AbortedError, 'aborted: why')
      .with.property('exitCode', 4);
    ac.abort();
    expect(() => a.check(ac.signal))
      .to.throw(InterruptedError)
      .with.property('exitCode', 4);
  });
});
