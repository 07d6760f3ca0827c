import { expect } from 'chai';
import { Duration } from '../util/duration.ts';
import { judgePhase, tooFew } from './judge.ts';
import { DEFAULT_COMPARE } from './options.ts';

describe('baseline judge (one phase)', () => {
  it('a regression: over the threshold, the baseline spread and the floor', () => {
    const p = judgePhase('ready', [1100, 1210, 1300], [2800, 2950, 3100]);
    expect(p.verdict).to.equal('regression');
    expect(p.change).to.be.closeTo(1.438, 0.001);
    expect(p.baseline).to.deep.equal({ n: 3, median: 1210, min: 1100, max: 1300 });
    expect(p.current.median).to.equal(2950);
    expect(p.why).to.equal("+144% (+1.74s): over 25%, the baseline's spread (0.20s) and the 250ms floor");
  });

  it('ok within the threshold', () => {
    const p = judgePhase('total', [3000, 3000, 3000], [3600, 3700, 3500]);
    expect(p.verdict).to.equal('ok');
    expect(p.why).to.equal('+20%: within 25%');
  });

  it('ok when faster', () => {
    expect(judgePhase('total', [3000, 3100, 3200], [2000, 2100, 2200]).why).to.equal('-32%: not slower');
  });

  it('ok when the difference is within the baseline spread (noise)', () => {
    // Median +50%, but the baseline itself ranged over 3 s.
    const p = judgePhase('total', [2000, 4000, 5000], [6000, 6000, 6000]);
    expect(p.verdict).to.equal('ok');
    expect(p.why).to.equal("+50%, but +2.00s is within the baseline's own spread (3.00s)");
  });

  it('ok when the difference is under the floor, whatever the percentage', () => {
    const p = judgePhase('scheduling', [100, 100, 100], [300, 300, 300]);
    expect(p.verdict).to.equal('ok');
    expect(p.why).to.equal('+200%, but +0.20s is within the 250ms floor');
    const lower = judgePhase('scheduling', [100, 100, 100], [300, 300, 300], {
      ...DEFAULT_COMPARE,
      floor: Duration.millis(50),
    });
    expect(lower.verdict).to.equal('regression');
  });

  it('the threshold is a setting', () => {
    const opts = { ...DEFAULT_COMPARE, maxRegression: 50 };
    expect(judgePhase('total', [2000, 2000, 2000], [2800, 2800, 2800], opts).verdict).to.equal('ok');
    expect(judgePhase('total', [2000, 2000, 2000], [3200, 3200, 3200], opts).verdict).to.equal('regression');
  });

  it('a baseline median of 0: no percentage, any rise past spread and floor is one', () => {
    const p = judgePhase('attach', [0, 0, 0], [900, 1000, 1100]);
    expect(p.change).to.equal(undefined);
    expect(p.verdict).to.equal('regression');
    expect(p.why).to.match(/^n\/a \(\+1\.00s\)/);
    expect(judgePhase('attach', [0, 0, 0], [0, 0, 0]).verdict).to.equal('ok');
  });

  it('inconclusive on too few samples on either side, with the numbers', () => {
    const p = judgePhase('total', [1000, 1000], [9000, 9000, 9000]);
    expect(p.verdict).to.equal('inconclusive');
    expect(p.why).to.equal('inconclusive: 2 baseline samples, at least 3 needed');
    expect(judgePhase('total', [1, 2, 3], [9000]).why).to.equal(
      'inconclusive: 1 new sample, at least 3 needed',
    );
    expect(tooFew(1, 2, 3)).to.equal('1 baseline and 2 new samples, at least 3 needed each');
    expect(tooFew(3, 3, 3)).to.equal(undefined);
    const one = { ...DEFAULT_COMPARE, minSamples: 1 };
    expect(judgePhase('total', [1000], [9000], one).verdict).to.equal('regression');
  });
});
