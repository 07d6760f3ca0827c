import { expect } from 'chai';
import { toHtml } from './html.ts';
import { baselineSection } from './html-baseline.ts';
import { BASELINE_ONLY, fixtureBaseline, INCONCLUSIVE, NEW_ONLY, REGRESSED } from './testing/baseline.ts';
import { fixtureReport } from './testing/fixture.ts';
import { checkMarkup } from './testing/markup.ts';

describe('HTML report: against the baseline', () => {
  it('shows the baseline and this run side by side per fault and phase, regressions marked', () => {
    const page = toHtml(fixtureReport({ baseline: fixtureBaseline() }));
    checkMarkup(page, 'html');
    expect(page).to.include('<h2>Recovery times against the baseline</h2>');
    expect(page).to.include('<p class="baseline-regression">REGRESSION: recovery slower than the baseline: ');
    expect(page).to.include('tr.regression th, tr.regression td');
    expect(page).to.include(
      `<tr class="regression"><th rowspan="3">${REGRESSED}</th><td>total</td><td class="num">3.21</td><td class="num">3.10–3.30, n=3</td><td class="num">4.95</td><td class="num">4.80–5.10, n=3</td><td class="num">+54%</td><td class="verdict-regression"`,
    );
    expect(page).to.include(
      '<tr class="regression"><td>ready</td><td class="num">1.21</td><td class="num">1.10–1.30, n=3</td><td class="num">2.95</td><td class="num">2.80–3.10, n=3</td><td class="num">+144%</td>',
    );
    expect(page).to.include('<tr class="ok"><td>deletion</td>');
    expect(page).to.match(
      new RegExp(
        `<th rowspan="1">${INCONCLUSIVE}</th><td>total</td>.*>inconclusive: 1 baseline and 1 new sample, at least 3 needed each</td>`,
      ),
    );
    expect(page).to.include(`only in the baseline (not compared): ${BASELINE_ONLY}`);
    expect(page).to.include(`only in this run (not compared): ${NEW_ONLY}`);
    expect(page).to.include('identity/&lt;b&gt;&amp;&quot;kill&quot;');
    expect(page).to.include('Baseline: 3 runs (last-release/r1/report.json, ');
  });

  it('is absent without a baseline', () => {
    const page = toHtml(fixtureReport());
    expect(page).to.not.include('against the baseline');
    expect(page).to.not.include('tr.regression');
    expect(baselineSection(fixtureReport())).to.equal('');
  });

  it('says when no fault is in common', () => {
    const b = fixtureBaseline();
    const section = baselineSection(
      fixtureReport({ baseline: { ...b, verdict: 'inconclusive', faults: [] } }),
    );
    expect(section).to.include('<p class="baseline-inconclusive">INCONCLUSIVE: ');
    expect(section).to.include('No fault in common with the baseline.');
  });
});
