import { expect } from 'chai';
import { TimelineBuilder, ts } from '../timeline/testing/builder.ts';
import { run } from './testing/run.ts';
import { vol1SameClaim } from './vol-1-same-claim.ts';

describe('VOL-1 same claim', () => {
  it('passes when every incarnation mounts its own claim of every template', () => {
    const tl = new TimelineBuilder({ claimTemplates: ['data', 'logs'] })
      .steadyState()
      .at(10)
      .podDeleted(1)
      .podUp(1, 'n2')
      .build();
    const r = run(vol1SameClaim, tl);
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.contain('data-web-i, logs-web-i');
  });

  it("fails naming the pod that mounts another ordinal's claim or none", () => {
    const tl = new TimelineBuilder()
      .steadyState()
      .at(10)
      .podDeleted(1)
      .podUp(1, 'n2', { claims: ['data-web-0'] })
      .podDeleted(2)
      .podUp(2, 'n2', { claims: [] })
      .build();
    const r = run(vol1SameClaim, tl);
    expect(r.status).to.equal('fail');
    expect(r.reason)
      .to.contain('web-1 (uid uid-web-1-2)')
      .and.contain("mounts data-web-0, another ordinal's claim");
    expect(r.reason).to.contain('web-2 (uid uid-web-2-2)').and.contain('does not mount data-web-2');
  });

  it('skips without claim templates or pods', () => {
    const none = run(vol1SameClaim, new TimelineBuilder({ claimTemplates: [] }).steadyState().build());
    expect(none.status).to.equal('skip');
    expect(none.reason).to.contain('no volumeClaimTemplates');
    expect(run(vol1SameClaim, new TimelineBuilder().build()).status).to.equal('skip');
  });

  it('a timeline without evidence gives skip: no pod lived in the window', () => {
    const tl = new TimelineBuilder().steadyState().at(10).podDeleted(0).podDeleted(1).podDeleted(2).build(60);
    const r = run(vol1SameClaim, tl, {}, { from: ts(20), to: ts(60) });
    expect(r.status, r.reason).to.equal('skip');
    expect(r.reason).to.contain('no pod');
  });
});
