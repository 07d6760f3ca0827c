import { expect } from 'chai';
import { TimelineBuilder } from '../timeline/testing/builder.ts';
import type { RetentionAction } from '../timeline/types.ts';
import { run } from './testing/run.ts';
import { vol5Retention } from './vol-5-retention.ts';

/** Scale 3 → 2 at 10 s; web-2 gone at 12 s; when `deleteClaim`, data-web-2 is deleted at 13 s. */
function scaleDown(whenScaled: RetentionAction, deleteClaim: boolean) {
  const b = new TimelineBuilder()
    .steadyState()
    .at(10)
    .statefulSet({ replicas: 2, whenScaled })
    .podTerminating(2)
    .at(12)
    .podDeleted(2);
  if (deleteClaim) b.at(13).claimTerminating('data-web-2').claimDeleted('data-web-2');
  return b.build(30);
}

describe('VOL-5 retention policy', () => {
  it('passes when scale-down keeps (Retain) or deletes (Delete) the claims as the policy says', () => {
    const keep = run(vol5Retention, scaleDown('Retain', false));
    expect(keep.status, keep.reason).to.equal('pass');
    expect(keep.reason).to.contain('claims kept (whenScaled: Retain)');
    const del = run(vol5Retention, scaleDown('Delete', true));
    expect(del.status, del.reason).to.equal('pass');
  });

  it('fails naming the claim of the removed ordinal that the policy did not respect', () => {
    const deleted = run(vol5Retention, scaleDown('Retain', true));
    expect(deleted.status).to.equal('fail');
    expect(deleted.reason).to.contain('claim data-web-2 (uid').and.contain('whenScaled: Retain');
    const kept = run(vol5Retention, scaleDown('Delete', false));
    expect(kept.status).to.equal('fail');
    expect(kept.reason).to.contain('claim data-web-2').and.contain('although web-2 was gone');
  });

  it('judges StatefulSet deletion by whenDeleted', () => {
    const base = () =>
      new TimelineBuilder()
        .steadyState()
        .at(5)
        .statefulSet({ whenDeleted: 'Delete' })
        .at(10)
        .statefulSetDeleted();
    const kept = run(vol5Retention, base().build(30));
    expect(kept.status).to.equal('fail');
    expect(kept.reason).to.contain('3 violations').and.contain('data-web-0');
    const b = base();
    for (const o of [0, 1, 2]) b.at(12).claimDeleted(`data-web-${o}`);
    expect(run(vol5Retention, b.build(30)).status).to.equal('pass');
  });

  it('skips without scale-down or deletion, and without templates', () => {
    expect(run(vol5Retention, new TimelineBuilder().steadyState().build()).reason).to.contain(
      'no scale-down',
    );
    const noTemplates = new TimelineBuilder({ claimTemplates: [] }).steadyState().build();
    expect(run(vol5Retention, noTemplates).reason).to.contain('no volumeClaimTemplates');
  });

  it('a timeline without evidence gives skip: scale-down whose removed pod was never gone in the window', () => {
    const tl = new TimelineBuilder().steadyState().at(10).statefulSet({ replicas: 2 }).build(11);
    const r = run(vol5Retention, tl);
    expect(r.status, r.reason).to.equal('skip');
    expect(r.reason).to.contain('still existed');
  });
});
