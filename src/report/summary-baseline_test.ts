import { expect } from 'chai';
import { toSummaryMarkdown } from './summary.ts';
import { baselineMarkdown } from './summary-baseline.ts';
import { BASELINE_ONLY, fixtureBaseline, NEW_ONLY } from './testing/baseline.ts';
import { fixtureReport } from './testing/fixture.ts';

describe('summary.md: against the baseline', () => {
  it('a row per fault and phase, the regression first in words', () => {
    const text = toSummaryMarkdown(fixtureReport({ baseline: fixtureBaseline() }));
    expect(text).to.include('### Recovery times against the baseline');
    expect(text).to.include('❌ recovery slower than the baseline: identity/pod-kill-forced total +54%');
    expect(text).to.include(
      '| identity/pod-kill-forced | ready | 1.21s (1.1–1.3, n=3) | 2.95s (2.8–3.1, n=3) | +144% | ❌ REGRESSION |',
    );
    expect(text).to.include(
      '| volumes/pod-kill | total | 4.00s (n=1) | 4.10s (n=1) | +3% | inconclusive: 1 baseline',
    );
    expect(text).to.include('| identity/\\<b\\>&amp;"kill" | total |');
    expect(text).to.include(`Only in the baseline (not compared): ${BASELINE_ONLY}`);
    expect(text).to.include(`Only in this run (not compared): ${NEW_ONLY}`);
  });

  it('nothing without a baseline', () => {
    expect(baselineMarkdown(fixtureReport())).to.deep.equal([]);
    expect(toSummaryMarkdown(fixtureReport())).to.not.include('baseline');
  });
});
