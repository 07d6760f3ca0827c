import { expect } from 'chai';
import { ts } from '../timeline/testing/builder.ts';
import { toSummaryMarkdown } from './summary.ts';
import { FAIL_REASON, fixtureReport, podKillStep, SKIP_REASON } from './testing/fixture.ts';

describe('summary.md', () => {
  it('starts with the verdict and the exit code', () => {
    const text = toSummaryMarkdown(fixtureReport());
    expect(text.split('\n')[0]).to.equal('## ❌ FAILED (exit code 1): sts-chaos on ns/web');
    expect(text).to.contain('1 check failed: VOL-3 (7 passed, 1 failed, 2 skipped over 2 steps)');
  });

  it('says INTERRUPTED, REFUSED or REVERT FAILED first when the run did not finish', () => {
    const first = (o: Parameters<typeof fixtureReport>[0]) =>
      toSummaryMarkdown(fixtureReport(o)).split('\n')[0];
    expect(first({ outcome: 'interrupted', exitCode: 4 })).to.equal(
      '## ⚠️ INTERRUPTED (exit code 4): sts-chaos on ns/web',
    );
    expect(first({ outcome: 'refused', exitCode: 3, steps: [] })).to.contain('REFUSED (exit code 3)');
    expect(first({ outcome: 'passed', exitCode: 0 })).to.contain('✅ PASSED (exit code 0)');
    const revert = toSummaryMarkdown(
      fixtureReport({ outcome: 'revert-failed', exitCode: 5, leftovers: ['node n2 still cordoned'] }),
    );
    expect(revert.split('\n')[0]).to.contain('REVERT FAILED (exit code 5)');
    expect(revert).to.contain('### 🚨 Needs a human\n\n- node n2 still cordoned');
  });

  it('has a table of checks by steps', () => {
    const text = toSummaryMarkdown(fixtureReport());
    expect(text).to.contain(
      '| Check | 1. pod-kill (graceful) web-2 | 2. process-kill web-1 |\n|---|:-:|:-:|',
    );
    expect(text).to.contain('| VOL-3 data survives | ❌ | ✅ |');
    expect(text).to.contain('| ID-3 DNS | ⏭️ | ⏭️ |');
    const rows = text
      .split('\n')
      .filter(
        (l) => l.startsWith('| ') && !l.startsWith('| Check') && !l.startsWith('| Step') && !/^\| \d/.test(l),
      );
    expect(rows.map((r) => r.split(' | ')[0])).to.deep.equal([
      '| ID-1 names and count',
      '| ID-3 DNS',
      '| VOL-3 data survives',
      '| SB-1 one pod per ordinal',
      '| REC-1 recovery time',
    ]);
  });

  it("lists the failing check's reason and violations, escaped", () => {
    const text = toSummaryMarkdown(fixtureReport());
    expect(FAIL_REASON).to.contain('<expected');
    expect(text).to.contain(
      '**❌ VOL-3 data survives** on step 1 (pod-kill (graceful) web-2): web-2 read "m0" \\<expected \'m2\'\\> &amp; lost the marker\\\\u0001',
    );
    expect(text).to.contain('- +17s web-2: web-2 read "m0"');
  });

  it('has the recovery times in seconds per step', () => {
    const text = toSummaryMarkdown(fixtureReport());
    expect(text).to.contain('| Step | deletion | scheduling | attach | start | ready | total |');
    expect(text).to.contain('| 1. pod-kill (graceful) web-2 | 2 | 1 | 0 | 1 | 2 | 6 |');
    expect(text).to.contain('| 2. process-kill web-1 | 0 | 0 | 0 | 0.5 | 1.5 | 2 |');
  });

  it('lists skips with their reasons, once per check and reason', () => {
    const text = toSummaryMarkdown(fixtureReport());
    expect(text).to.contain(`- **ID-3 DNS** (all steps): ${SKIP_REASON}`);
    expect(text.indexOf('### Failures')).to.be.lessThan(text.indexOf('### Recovery'));
    expect(text.indexOf('### Recovery')).to.be.lessThan(text.indexOf('### Skipped'));
  });

  it('numbers the columns of a long run and gives their titles in a list', () => {
    const steps = Array.from({ length: 8 }, (_, i) => ({
      ...podKillStep(),
      title: `pod-kill web-${i}`,
      startedAt: ts(10 * i),
      endedAt: ts(10 * i + 5),
    }));
    const text = toSummaryMarkdown(fixtureReport({ steps }));
    expect(text).to.contain('| Check | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 |');
    expect(text).to.contain('8. pod-kill web-7 (pod-faults)');
  });

  it('says so when no check was evaluated', () => {
    const text = toSummaryMarkdown(fixtureReport({ outcome: 'refused', exitCode: 3, steps: [] }));
    expect(text).to.contain('_No check was evaluated._');
    expect(text).to.not.contain('### Failures');
  });

  it("lists a step's findings (a forced rollback), and nothing when there are none", () => {
    const finding =
      'rollback needed a manual pod deletion (forced rollback): web-2 (uid u) (OrderedReady, Kubernetes v1.34.4)';
    const text = toSummaryMarkdown(fixtureReport({ steps: [{ ...podKillStep(), findings: [finding] }] }));
    expect(text).to.contain('### Findings');
    expect(text).to.contain(`- step 1 (`);
    expect(text).to.contain('forced rollback');
    expect(toSummaryMarkdown(fixtureReport())).to.not.contain('### Findings');
  });
});
