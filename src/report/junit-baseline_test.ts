import { expect } from 'chai';
import { toJUnit } from './junit.ts';
import { fixtureBaseline, INCONCLUSIVE, NEW_ONLY, OK, REGRESSED } from './testing/baseline.ts';
import { fixtureReport } from './testing/fixture.ts';
import { checkMarkup } from './testing/markup.ts';

/** The <testsuite name="baseline"> element, whole. */
function baselineSuite(xml: string): string {
  const m = /<testsuite name="baseline"[\s\S]*?<\/testsuite>/.exec(xml);
  if (!m) throw new Error('no baseline testsuite');
  return m[0];
}

describe('JUnit report: the baseline suite', () => {
  const passed = () => fixtureReport({ outcome: 'passed', exitCode: 0, reason: undefined, steps: [] });

  it('has a testcase per compared fault: a failure on a regression, skipped when inconclusive', () => {
    const xml = toJUnit({ ...passed(), outcome: 'failed', exitCode: 1, baseline: fixtureBaseline() });
    checkMarkup(xml);
    const suite = baselineSuite(xml);
    expect(suite).to.match(/<testsuite name="baseline" tests="5" failures="1" errors="0" skipped="2"/);
    expect(suite).to.include(
      `<testcase name="${REGRESSED} recovery time against the baseline" classname="sts-chaos.baseline" time="0">`,
    );
    expect(suite).to.include(
      `<failure message="recovery slower than the baseline: ${REGRESSED} total +54% (3.21s → 4.95s), ${REGRESSED} ready +144% (1.21s → 2.95s)" type="baseline-regression">`,
    );
    expect(suite).to.match(/identity\/pod-kill-forced {2}ready +1\.21s \(1\.1–1\.3, n=3\) {2}→ {2}2\.95s/);
    expect(suite).to.include(
      `<testcase name="${OK} recovery time against the baseline" classname="sts-chaos.baseline" time="0"/>`,
    );
    expect(suite).to.include(
      `<testcase name="${INCONCLUSIVE} recovery time against the baseline" classname="sts-chaos.baseline" time="0">\n      <skipped message="inconclusive: 1 baseline and 1 new sample, at least 3 needed each"/>`,
    );
    expect(suite).to.include(`<testcase name="${NEW_ONLY} recovery time against the baseline"`);
    expect(suite).to.include('<skipped message="not in the baseline: nothing to compare with"/>');
    expect(suite).to.include('identity/&lt;b&gt;&amp;&quot;kill&quot; recovery time');
    // The regression is the failure CI shows: no errored "run" testcase besides it.
    expect(xml).to.not.include('<testsuite name="run"');
  });

  it('none without a baseline; a gate without a verdict fails the run through the run testcase', () => {
    expect(toJUnit(passed())).to.not.include('name="baseline"');
    const b = fixtureBaseline();
    const none = {
      ...b,
      verdict: 'inconclusive' as const,
      faults: b.faults.filter((f) => f.verdict === 'inconclusive'),
    };
    const xml = toJUnit({
      ...passed(),
      outcome: 'failed',
      exitCode: 1,
      reason: 'baseline gate without a verdict: nothing to compare',
      baseline: none,
    });
    expect(baselineSuite(xml)).to.match(/failures="0" errors="0" skipped="2"/);
    expect(xml).to.include('<testsuite name="run"');
    expect(xml).to.include('baseline gate without a verdict: nothing to compare');
  });
});
