import { expect } from 'chai';
import { TimelineBuilder, ts } from '../timeline/testing/builder.ts';
import { deleteRecreate } from './testing/recreate.ts';
import { run } from './testing/run.ts';
import { vol4ClaimRecreated } from './vol-4-claim-recreated.ts';

/** Claim data-web-1 deleted at 10 s while web-1 runs; web-1 deleted at 11 s and gone at 12 s. */
function claimDeletion(): TimelineBuilder {
  return new TimelineBuilder()
    .steadyState()
    .at(10)
    .faultStart('claim-deletion', { ordinal: 1 })
    .claimTerminating('data-web-1')
    .at(11)
    .podTerminating(1)
    .at(12)
    .podDeleted(1);
}

describe('VOL-4 claim recreated', () => {
  it('passes when the claim waits for its pod, then comes back with a new UID, and reports the data loss', () => {
    const tl = claimDeletion()
      .at(12.1)
      .claimDeleted('data-web-1')
      .at(13)
      .claimBound('data-web-1', 'pv-new')
      .podUp(1, 'n1')
      .build(30);
    const r = run(vol4ClaimRecreated, tl);
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason)
      .to.contain('stayed until web-1 was gone')
      .and.contain('the data of pv-data-web-1 is lost');
    expect(r.measurements).to.deep.equal({ claimsDeleted: 1, dataLost: 1 });
  });

  it('fails naming the pod when the claim went away while its pod still existed', () => {
    const tl = new TimelineBuilder()
      .steadyState()
      .at(10)
      .claimTerminating('data-web-1')
      .at(10.5)
      .claimDeleted('data-web-1')
      .build(30);
    const r = run(vol4ClaimRecreated, tl);
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain('while web-1 (uid uid-web-1-1) still existed: pvc-protection did not hold');
  });

  it('fails when the claim does not come back', () => {
    const r = run(vol4ClaimRecreated, claimDeletion().at(12.1).claimDeleted('data-web-1').build(60));
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain('claim data-web-1').and.contain('did not come back');
    const stuck = run(vol4ClaimRecreated, claimDeletion().build(60));
    expect(stuck.reason).to.contain('still Terminating at the end of the run').and.contain('web-1');
  });

  it('skips when no claim was deleted under a live pod, or without templates', () => {
    expect(run(vol4ClaimRecreated, new TimelineBuilder().steadyState().build()).status).to.equal('skip');
    const noTemplates = new TimelineBuilder({ claimTemplates: [] }).steadyState().build();
    expect(run(vol4ClaimRecreated, noTemplates).reason).to.contain('no volumeClaimTemplates');
  });

  it('a timeline without evidence gives skip: the claim deleted had no pod using it', () => {
    const tl = new TimelineBuilder()
      .steadyState()
      .at(10)
      .podDeleted(1)
      .at(11)
      .claimTerminating('data-web-1')
      .claimDeleted('data-web-1')
      .build(30);
    const r = run(vol4ClaimRecreated, tl);
    expect(r.status, r.reason).to.equal('skip');
    expect(r.reason).to.contain('no claim was deleted while its pod existed');
  });

  it('leaves the claims a deleted StatefulSet’s policy removes to VOL-5, and judges a claim deletion after it was created again', () => {
    const b = deleteRecreate({ whenDeleted: 'Delete' });
    expect(run(vol4ClaimRecreated, b.build(25)).reason).to.contain(
      'no claim was deleted while its pod existed',
    );
    b.at(30).faultStart('claim-deletion', { ordinal: 1 }).claimTerminating('data-web-1');
    b.at(31).podTerminating(1).at(32).podDeleted(1).at(32.1).claimDeleted('data-web-1');
    b.at(33).claimBound('data-web-1', 'pv-new').podUp(1, 'n1');
    const r = run(vol4ClaimRecreated, b.build(60), {}, { from: ts(29), to: ts(60) });
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.contain('stayed until web-1 was gone');
  });
});
