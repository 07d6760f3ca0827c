import { expect } from 'chai';
import { derive } from '../timeline/incarnations.ts';
import { checks } from './index.ts';
import { bigTimeline } from './testing/big-timeline.ts';
import { defaultCheckOptions } from './types.ts';

describe('checks performance', function () {
  this.timeout(60_000);

  it('derives and runs every check on a 100,000-entry, 500-ordinal timeline within 1 s', () => {
    const timeline = bigTimeline();
    expect(timeline.entries.length).to.be.at.least(100_000);
    const once = () => {
      const t0 = performance.now();
      const derived = derive(timeline);
      const results = checks.map((c) => c.evaluate({ timeline, derived, options: defaultCheckOptions }));
      return { ms: performance.now() - t0, results };
    };
    const first = once();
    const best = Math.min(first.ms, once().ms, once().ms);
    console.log(
      `      ${timeline.entries.length} entries, ${checks.length} checks: ${first.ms.toFixed(0)} ms first run, ${best.toFixed(0)} ms best of 3`,
    );
    // The best of three keeps a busy machine's noise out; the first run, with a cold JIT, is reported too.
    expect(best).to.be.at.most(1000);
    // The work was real: the generated run is judged, not skipped wholesale.
    const status = Object.fromEntries(first.results.map((r) => [r.id, r.status]));
    expect(status['SB-2']).to.equal('fail');
    expect(status['ORD-3']).to.equal('pass');
    expect(status['REC-1']).to.equal('pass');
    expect(status['ORD-1']).to.equal('pass');
    expect(status['VOL-3']).to.equal('pass');
    expect(first.results.find((r) => r.id === 'PRB-1')?.reason).to.contain(
      'out of the ready endpoints of Service',
    );
  });
});
