import { expect } from 'chai';
import type { StepReport } from '../../report/types.ts';
import { median, tally, tallyLine } from './tally.ts';

const step = (id: string, statuses: ('pass' | 'fail' | 'skip')[], total?: number): StepReport => ({
  title: id,
  suite: id.split('/')[0] ?? '',
  step: id,
  fault: 'pod-kill',
  startedAt: 0,
  endedAt: 0,
  results: statuses.map((status, i) => ({ id: `C-${i}`, status, reason: '', violations: [] })),
  ...(total !== undefined ? { recovery: { total } } : {}),
});

describe('the running summary of several iterations', () => {
  it('counts the steps and the checks, and the median recovery of each step', () => {
    const t = tally(
      [
        step('identity/pod-kill-graceful', ['pass', 'pass'], 8_000),
        step('identity/pod-kill-forced', ['pass', 'fail'], 4_000),
        step('identity/pod-kill-graceful', ['pass', 'skip'], 12_000),
        step('identity/pod-kill-forced', ['skip', 'skip']),
        step('identity/pod-kill-graceful', ['pass', 'pass'], 9_000),
      ],
      2,
    );
    expect(t).to.deep.include({ iterations: 2, steps: 5, pass: 6, fail: 1, skip: 3 });
    expect(t.recovery).to.deep.equal([
      { step: 'identity/pod-kill-graceful', medianMs: 9_000, n: 3 },
      { step: 'identity/pod-kill-forced', medianMs: 4_000, n: 1 },
    ]);
    expect(tallyLine(t, ' of 3')).to.equal(
      '2 iterations done of 3: 5 steps; checks 6 passed, 1 failed, 3 skipped; recovery median: identity/pod-kill-graceful 9s (3), identity/pod-kill-forced 4s (1)',
    );
  });

  it('takes the middle of an even count as the mean of the two', () => {
    expect(median([4, 1, 3, 2])).to.equal(2.5);
    expect(median([])).to.equal(0);
    expect(tallyLine(tally([], 1), '')).to.match(
      /^1 iteration done: 0 steps; .*recovery median: none measured$/,
    );
  });
});
