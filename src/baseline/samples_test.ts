import { expect } from 'chai';
import { faultKey, isSample, samplesOf } from './samples.ts';
import { run, sample } from './testing/reports.ts';

describe('baseline samples', () => {
  it('pools every judged step of a fault across the reports, per phase', () => {
    const a = run([
      sample('identity/pod-kill-forced', 3000, { ready: 1000 }),
      sample('volumes/pod-kill', 5000),
    ]);
    const b = run([sample('identity/pod-kill-forced', 3200, { ready: 1100 })]);
    const s = samplesOf([a, b]);
    expect([...s.keys()]).to.deep.equal(['identity/pod-kill-forced', 'volumes/pod-kill']);
    const forced = s.get('identity/pod-kill-forced');
    expect(forced?.steps).to.equal(2);
    expect(forced?.phases.get('total')).to.deep.equal([3000, 3200]);
    expect(forced?.phases.get('ready')).to.deep.equal([1000, 1100]);
    expect(s.get('volumes/pod-kill')?.phases.get('ready')).to.equal(undefined);
  });

  it('groups by the catalogue ID, else by the fault', () => {
    expect(faultKey(sample('identity/pod-kill-forced', 1))).to.equal('identity/pod-kill-forced');
    const old = sample('identity/pod-kill-forced', 1, {}, { step: undefined });
    expect(faultKey(old)).to.equal('pod-kill');
  });

  it('leaves out errored, skipped, unrecovered steps and steps without recovery', () => {
    const ok = sample('s/f', 1000);
    expect(isSample(ok)).to.equal(true);
    expect(isSample({ ...ok, error: 'kill failed' })).to.equal(false);
    expect(isSample({ ...ok, recovery: undefined })).to.equal(false);
    expect(isSample({ ...ok, timing: { injectedAt: 1, verdictAt: 2 } })).to.equal(false);
    expect(
      isSample({ ...ok, results: [{ id: 'REC-1', status: 'skip', reason: 'no effect', violations: [] }] }),
    ).to.equal(false);
    expect(isSample({ ...ok, recovery: { total: Number.NaN } })).to.equal(false);
    expect(samplesOf([run([{ ...ok, error: 'x' }])]).size).to.equal(0);
  });

  it('keeps a step of a report without timing (an older report)', () => {
    expect(isSample({ ...sample('s/f', 1000), timing: undefined })).to.equal(true);
  });

  it('ignores a phase that is not a time', () => {
    const s = samplesOf([run([sample('s/f', 1000, { ready: -1, start: Number.POSITIVE_INFINITY })])]);
    expect([...(s.get('s/f')?.phases.keys() ?? [])]).to.deep.equal(['total']);
  });
});
