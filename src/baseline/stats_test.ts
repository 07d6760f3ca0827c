import { expect } from 'chai';
import { spread, summarize } from './stats.ts';

describe('baseline stats', () => {
  it('summarizes: median, range, count', () => {
    expect(summarize([3, 1, 2])).to.deep.equal({ n: 3, median: 2, min: 1, max: 3 });
    expect(summarize([4, 1, 3, 2])).to.deep.equal({ n: 4, median: 2.5, min: 1, max: 4 });
    expect(summarize([7])).to.deep.equal({ n: 1, median: 7, min: 7, max: 7 });
  });

  it('the median ignores one outlier', () => {
    expect(summarize([1000, 1100, 1200, 1050, 60_000]).median).to.equal(1100);
  });

  it('does not sort its input in place', () => {
    const xs = [3, 1, 2];
    summarize(xs);
    expect(xs).to.deep.equal([3, 1, 2]);
  });

  it('refuses no samples', () => {
    expect(() => summarize([])).to.throw(RangeError);
  });

  it('spread is the range', () => {
    expect(spread(summarize([1100, 1300, 1200]))).to.equal(200);
  });
});
