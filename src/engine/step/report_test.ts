import { expect } from 'chai';
import type { CheckResult } from '../../checks/types.ts';
import { recoverySplit, skippedResults, usageDelta } from './report.ts';

const rec = (recovery?: CheckResult['recovery']): CheckResult => ({
  id: 'REC-1',
  status: 'pass',
  reason: 'ok',
  violations: [],
  ...(recovery ? { recovery } : {}),
});

describe('step report', () => {
  it('takes the recovery split from REC-1’s typed result', () => {
    const phases = { deletionMs: 1, schedulingMs: 2, volumeAttachMs: 3, containerStartMs: 4, readyMs: 5 };
    expect(recoverySplit([rec({ totalMs: 15, phases })])).to.deep.equal({
      deletion: 1,
      scheduling: 2,
      attach: 3,
      start: 4,
      ready: 5,
      total: 15,
    });
    expect(recoverySplit([rec({ totalMs: 0 })])).to.deep.equal({ total: 0 });
    expect(recoverySplit([rec()])).to.equal(undefined);
    expect(recoverySplit([])).to.equal(undefined);
  });

  it('reports what a step added to the API counters', () => {
    expect(
      usageDelta(
        { requests: { get: 2, delete: 1 }, watches: 3, execs: 1 },
        { requests: { get: 2, delete: 2, patch: 1 }, watches: 3, execs: 4 },
      ),
    ).to.deep.equal({ requests: { delete: 1, patch: 1 }, watches: 0, execs: 3 });
  });

  it('skips every check of a step that could not run with one reason', () => {
    expect(
      skippedResults(['ID-1', 'REC-1'], 'no pods').map((r) => `${r.id} ${r.status} ${r.reason}`),
    ).to.deep.equal(['ID-1 skip no pods', 'REC-1 skip no pods']);
  });
});
