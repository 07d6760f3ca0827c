import { expect } from 'chai';
import { clock, hhmm, Progress } from './progress.ts';

describe('progress before each step', () => {
  it('says the step, of how many, the time elapsed; what is left once a step has taken its time', () => {
    let t = 1_000;
    const p = new Progress({ startedAt: 1_000, total: 10, now: () => t });
    expect(p.line(1, 'identity/pod-kill-graceful')).to.equal(
      'step 1 of 10 (identity/pod-kill-graceful), elapsed 0s',
    );
    t += 40_000;
    p.stepDone(40_000);
    t += 20_000;
    p.stepDone(20_000);
    // Two steps of 30 s on average, 8 to go (3 … 10).
    expect(p.line(3, 'identity/pod-kill-forced')).to.equal(
      'step 3 of 10 (identity/pod-kill-forced), elapsed 1m, about 4m left',
    );
  });

  it('with --for, says until when; without a total, no estimate', () => {
    const deadline = new Date(2030, 0, 1, 14, 30).getTime();
    const p = new Progress({ startedAt: 0, deadline, now: () => 192_000 });
    p.stepDone(10_000);
    expect(p.line(7, 'volumes/pod-kill')).to.equal('step 7 (volumes/pod-kill), elapsed 3m12s, until 14:30');
  });

  it('writes whole seconds and local hours', () => {
    expect([0, 499, 1_500, 59_600, 192_000, 3_600_000].map(clock)).to.deep.equal([
      '0s',
      '0s',
      '2s',
      '1m',
      '3m12s',
      '60m',
    ]);
    expect(hhmm(new Date(2030, 0, 1, 9, 5).getTime())).to.equal('09:05');
  });
});
