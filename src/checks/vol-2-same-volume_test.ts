import { expect } from 'chai';
import { TimelineBuilder } from '../timeline/testing/builder.ts';
import { deleteRecreate, orphanRecreate } from './testing/recreate.ts';
import { run } from './testing/run.ts';
import { vol2SameVolume } from './vol-2-same-volume.ts';

function podKill(): TimelineBuilder {
  return new TimelineBuilder()
    .steadyState()
    .at(10)
    .faultStart('pod-kill', { ordinal: 1 })
    .podTerminating(1)
    .at(11)
    .podDeleted(1)
    .faultEnd('pod-kill', { ordinal: 1 })
    .at(12)
    .podUp(1, 'n2');
}

describe('VOL-2 same volume', () => {
  it('passes when claims keep their UID and volume across the fault', () => {
    const r = run(vol2SameVolume, podKill().build(30));
    expect(r.status, r.reason).to.equal('pass');
    expect(r.measurements?.compared).to.equal(3);
  });

  it('fails naming the claim that was recreated', () => {
    const tl = podKill().at(11.5).claimDeleted('data-web-1').claimBound('data-web-1', 'pv-other').build(30);
    const r = run(vol2SameVolume, tl);
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain('claim data-web-1 changed UID').and.contain('pod-kill of ordinal 1');
  });

  it('fails naming the claim that was rebound', () => {
    const r = run(vol2SameVolume, podKill().at(13).claimRebound('data-web-1', 'pv-x').build(30));
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain('data-web-1').and.contain('rebound from volume pv-data-web-1 to pv-x');
  });

  it('skips without faults, with only claim deletions, and without templates', () => {
    expect(run(vol2SameVolume, new TimelineBuilder().steadyState().build()).reason).to.contain(
      'no pod fault',
    );
    const claimOnly = new TimelineBuilder()
      .steadyState()
      .at(5)
      .faultStart('claim-deletion', { ordinal: 0 })
      .build();
    expect(run(vol2SameVolume, claimOnly).status).to.equal('skip');
    const noTemplates = new TimelineBuilder({ claimTemplates: [] })
      .steadyState()
      .at(5)
      .faultStart('pod-kill')
      .build();
    expect(run(vol2SameVolume, noTemplates).reason).to.contain('no volumeClaimTemplates');
  });

  it('a timeline without evidence gives skip: nothing was recorded after the fault', () => {
    const tl = new TimelineBuilder().steadyState().at(10).faultStart('pod-kill', { ordinal: 1 }).build(10);
    const r = run(vol2SameVolume, tl);
    expect(r.status, r.reason).to.equal('skip');
    expect(r.reason).to.contain('after the fault');
  });

  it('compares the claims across a StatefulSet deleted and created again, but for whenDeleted: Delete', () => {
    const retained = run(vol2SameVolume, deleteRecreate().build(25));
    expect(retained.status, retained.reason).to.equal('pass');
    expect(retained.reason).to.contain('3 claim/fault pairs kept the same UID and volume');
    const lost = run(vol2SameVolume, deleteRecreate({ deleteClaim: 1 }).build(25));
    expect(lost.status).to.equal('fail');
    expect(lost.reason).to.contain('claim data-web-1 changed UID');
    const byPolicy = run(vol2SameVolume, deleteRecreate({ whenDeleted: 'Delete' }).build(25));
    expect(byPolicy.status).to.equal('skip');
    expect(byPolicy.reason).to.contain(
      'under whenDeleted: Delete loses its claims by policy (VOL-5 judges that)',
    );
    expect(run(vol2SameVolume, orphanRecreate({ whenDeleted: 'Delete' }).build(25)).status).to.equal('pass');
  });
});
