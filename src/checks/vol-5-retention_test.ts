import { expect } from 'chai';
import { derive } from '../timeline/derive.ts';
import { TimelineBuilder } from '../timeline/testing/builder.ts';
import type { RetentionAction, Timeline } from '../timeline/types.ts';
import { deleteRecreate, NEW_UID, OLD_UID, orphanRecreate } from './testing/recreate.ts';
import { run } from './testing/run.ts';
import { vol5Retention } from './vol-5-retention.ts';

/** The UIDs of the claims data-web-<ordinal>, in creation order. */
function claimUids(tl: Timeline, ordinal: number): string[] {
  return (derive(tl).claims.get(`data-web-${ordinal}`) ?? []).map((c) => c.uid);
}

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

  describe('a StatefulSet deleted and created again (the recreate fault)', () => {
    const deleted = `after StatefulSet web (uid ${OLD_UID}) was deleted at 12:00:10.000Z (+10s)`;

    it('passes under Retain with every claim kept, and says so', () => {
      const tl = deleteRecreate().build(25);
      const r = run(vol5Retention, tl);
      expect(r.status, r.reason).to.equal('pass');
      const [a, b, c] = [0, 1, 2].map((o) => claimUids(tl, o)[0]);
      expect(r.reason).to.equal(
        `StatefulSet web (uid ${OLD_UID}) deleted at 12:00:10.000Z (+10s): claims kept (whenDeleted: Retain): data-web-0 (uid ${a}), data-web-1 (uid ${b}), data-web-2 (uid ${c}); the StatefulSet was created again at 12:00:12.000Z (+12s) (uid ${NEW_UID})`,
      );
      expect(r.measurements).to.deep.equal({ claims: 3, claimsReplaced: 0 });
    });

    it('passes under Delete with every claim deleted, naming the data loss of the new claims', () => {
      const tl = deleteRecreate({ whenDeleted: 'Delete' }).build(25);
      const r = run(vol5Retention, tl);
      expect(r.status, r.reason).to.equal('pass');
      const [old, next] = claimUids(tl, 0);
      expect(r.reason).to.contain(
        `claims deleted as the policy says (whenDeleted: Delete): data loss: data-web-0 (uid ${old}) replaced by uid ${next}, data-web-1 (uid `,
      );
      expect(r.measurements).to.deep.equal({ claims: 3, claimsReplaced: 3 });
    });

    it('fails naming a claim deleted under Retain', () => {
      const tl = deleteRecreate({ deleteClaim: 1 }).build(25);
      const r = run(vol5Retention, tl);
      expect(r.status).to.equal('fail');
      expect(r.reason).to.equal(
        `claim data-web-1 (uid ${claimUids(tl, 1)[0]}) was deleted at 12:00:10.500Z (+10.5s) ${deleted} (whenDeleted: Retain)`,
      );
    });

    it('fails naming each claim kept under Delete, found again by the new StatefulSet', () => {
      const r = run(vol5Retention, deleteRecreate({ whenDeleted: 'Delete', keepClaims: true }).build(25));
      expect(r.status).to.equal('fail');
      expect(r.reason)
        .to.contain('3 violations: claim data-web-0 (uid ')
        .and.contain(
          `still existed at 12:00:25.000Z (+25s) ${deleted} (whenDeleted: Delete); the StatefulSet created again at 12:00:12.000Z (+12s) found it still there`,
        );
    });

    it('keeps the claims of an Orphan deletion whatever whenDeleted says, and fails one deleted', () => {
      const kept = run(vol5Retention, orphanRecreate({ whenDeleted: 'Delete' }).build(25));
      expect(kept.status, kept.reason).to.equal('pass');
      expect(kept.reason).to.contain(
        `StatefulSet web (uid ${OLD_UID}) deleted with propagationPolicy Orphan at 12:00:10.000Z (+10s): claims kept (whenDeleted: Delete, but an Orphan deletion deletes no claim): data-web-0 (uid `,
      );
      const during = (b: TimelineBuilder) => b.claimTerminating('data-web-0');
      const lost = run(vol5Retention, orphanRecreate({ whenDeleted: 'Delete', during }).build(25));
      expect(lost.status).to.equal('fail');
      expect(lost.reason).to.contain(
        'was deleted at 12:00:12.200Z (+12.2s) after StatefulSet web (uid uid-sts) was deleted with propagationPolicy Orphan at 12:00:10.000Z (+10s) (whenDeleted: Delete): a deletion with propagationPolicy Orphan deletes no claim, whatever whenDeleted says (KEP-1847)',
      );
    });

    it('skips while an Orphan deletion is not over, or the pods of a deletion are still there', () => {
      const b = new TimelineBuilder().steadyState().at(10);
      b.faultStart('recreate', { details: { variant: 'orphan', oldUid: OLD_UID, whenDeleted: 'Retain' } });
      const pending = run(vol5Retention, b.statefulSetDeleting().build(15));
      expect(pending.status).to.equal('skip');
      expect(pending.reason).to.contain(
        `StatefulSet web (uid ${OLD_UID}) still existed at the end of the run`,
      );
      const podsThere = new TimelineBuilder().steadyState().at(10).statefulSetDeleted().build(15);
      expect(run(vol5Retention, podsThere).reason).to.contain('web-0, web-1, web-2 still existed');
    });
  });
});
