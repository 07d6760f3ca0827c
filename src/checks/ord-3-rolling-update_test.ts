import { expect } from 'chai';
import { TimelineBuilder } from '../timeline/testing/builder.ts';
import { ord3RollingUpdate } from './ord-3-rolling-update.ts';
import { R2, rollout, replace as update, updateEnd, updateStart } from './testing/rollouts.ts';
import { run } from './testing/run.ts';

describe('ORD-3 rolling update order', () => {
  it('passes for 4 then 3 under partition 3, then 2 then 1 after lowering it to 1', () => {
    const b = new TimelineBuilder({ replicas: 5 })
      .steadyState()
      .at(10)
      .statefulSet({ partition: 3, updateRevision: 'web-r2' });
    update(b, 4, 11);
    update(b, 3, 16);
    b.at(30).statefulSet({ partition: 1 });
    update(b, 2, 31);
    update(b, 1, 36);
    const r = run(ord3RollingUpdate, b.build(50));
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.contain('web-r2: web-4 → web-3 → web-2 → web-1');
  });

  it('fails naming the pod deleted before the previous one was Ready', () => {
    const b = new TimelineBuilder({ replicas: 5 })
      .steadyState()
      .at(10)
      .statefulSet({ updateRevision: 'web-r2' });
    update(b, 4, 11); // web-4 Ready at 14
    update(b, 3, 13); // deleted at 13
    const r = run(ord3RollingUpdate, b.build(30));
    expect(r.status).to.equal('fail');
    expect(r.reason)
      .to.contain('web-3 (uid uid-web-3-1) was deleted at 12:00:13.000Z')
      .and.contain('web-4 (uid uid-web-4-2) was not Ready');
  });

  it('fails when a lower ordinal goes first, or below the partition', () => {
    const b = new TimelineBuilder({ replicas: 5 })
      .steadyState()
      .at(10)
      .statefulSet({ partition: 3, updateRevision: 'web-r2' });
    update(b, 3, 11);
    update(b, 4, 16);
    update(b, 2, 21);
    const r = run(ord3RollingUpdate, b.build(40));
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain('web-4 (uid uid-web-4-1)').and.contain('not highest ordinal first');
    expect(r.reason).to.contain('web-2 (uid uid-web-2-1)').and.contain('partition was 3');
  });

  it('does not count a pod replaced by a fault', () => {
    const b = new TimelineBuilder().steadyState().at(10).statefulSet({ updateRevision: 'web-r2' });
    b.at(11).faultStart('pod-kill', { ordinal: 1 });
    update(b, 1, 11);
    b.faultEnd('pod-kill', { ordinal: 1 });
    const r = run(ord3RollingUpdate, b.build(30));
    expect(r.status).to.equal('skip');
  });

  it('skips without an update, and under OnDelete', () => {
    expect(run(ord3RollingUpdate, new TimelineBuilder().steadyState().build()).status).to.equal('skip');
    const b = new TimelineBuilder()
      .steadyState()
      .at(10)
      .statefulSet({ updateStrategy: 'OnDelete', updateRevision: 'web-r2' });
    update(b, 0, 11);
    const r = run(ord3RollingUpdate, b.build());
    expect(r.status).to.equal('skip');
    expect(r.reason).to.contain('OnDelete');
  });

  it('a timeline without evidence gives skip: one pod updated under partition 0 has no order to judge', () => {
    const b = new TimelineBuilder().steadyState().at(10).statefulSet({ updateRevision: 'web-r2' });
    update(b, 2, 11);
    const r = run(ord3RollingUpdate, b.build(30));
    expect(r.status, r.reason).to.equal('skip');
    expect(r.reason).to.contain('only one pod');
  });

  describe('an update fault (marks without ordinal): its own replacements are judged', () => {
    it('passes a restart rolled highest first, one at a time', () => {
      const b = updateStart('restart');
      rollout(b, [4, 3, 2, 1, 0], 11);
      const r = run(ord3RollingUpdate, updateEnd(b, 36).build(40));
      expect(r.status, r.reason).to.equal('pass');
      expect(r.reason).to.contain('web-r2: web-4 → web-3 → web-2 → web-1 → web-0');
      expect(r.measurements?.updates).to.equal(5);
    });

    it('fails the same replacements out of order, even with an ordinal on the marks', () => {
      const b = new TimelineBuilder({ replicas: 5 }).steadyState();
      b.at(10).faultStart('rolling-update', { ordinal: 4, details: { variant: 'restart' } });
      b.statefulSet({ updateRevision: R2 });
      rollout(b, [4, 2, 3], 11);
      const r = run(ord3RollingUpdate, b.faultEnd('rolling-update', { ordinal: 4 }).build(40));
      expect(r.status).to.equal('fail');
      expect(r.reason)
        .to.contain('web-3 (uid uid-web-3-1) was deleted at 12:00:21.000Z')
        .and.contain('after the lower ordinal web-2');
    });
  });

  describe('order and pace', () => {
    it('fails a lower ordinal replaced before a higher one', () => {
      const b = updateStart('restart', { replicas: 3 });
      rollout(b, [1, 2, 0], 11);
      const r = run(ord3RollingUpdate, updateEnd(b, 30).build(35));
      expect(r.status).to.equal('fail');
      expect(r.reason)
        .to.contain('rollout to web-r2: web-2 (uid uid-web-2-1) was deleted at 12:00:16.000Z')
        .and.contain('after the lower ordinal web-1 (at 12:00:11.000Z (+11s)): not highest ordinal first');
    });

    it('passes the same set replaced highest first', () => {
      const b = updateStart('restart', { replicas: 3 });
      const r = run(ord3RollingUpdate, updateEnd(rollout(b, [2, 1, 0], 11), 30).build(35));
      expect(r.status, r.reason).to.equal('pass');
    });

    it('fails two pods replaced at once, naming the one still terminating', () => {
      const b = updateStart('restart', { replicas: 3 });
      b.at(11).podTerminating(2).podTerminating(1).at(12).podDeleted(2).podDeleted(1);
      b.podCreated(2, { node: 'n1' }).podCreated(1, { node: 'n2' }).at(14).podReady(2).podReady(1);
      update(b, 0, 16);
      const r = run(ord3RollingUpdate, updateEnd(b, 20).build(25));
      expect(r.status).to.equal('fail');
      expect(r.reason)
        .to.contain('web-1 (uid uid-web-1-1) was deleted at 12:00:11.000Z')
        .and.contain(
          'while web-2 (uid uid-web-2-1) was still terminating (gone at 12:00:12.000Z (+12s)): two pods replaced at once',
        );
    });

    it('fails the next deleted before minReadySeconds had passed since the previous was Ready', () => {
      const b = updateStart('restart', { replicas: 3, minReadySeconds: 5 });
      rollout(b, [2, 1], 11, 10); // web-2 Ready at 14, web-1 deleted at 21: 7 s, fine
      update(b, 0, 26); // web-1 Ready at 24, web-0 deleted at 26: 2 s
      const r = run(ord3RollingUpdate, updateEnd(b, 30).build(35));
      expect(r.status).to.equal('fail');
      expect(r.reason).to.equal(
        'rollout to web-r2: web-0 (uid uid-web-0-1) was deleted at 12:00:26.000Z (+26s), 2s after web-1 (uid uid-web-1-2) turned Ready (12:00:24.000Z (+24s)): minReadySeconds is 5, so it was not available until 12:00:29.000Z (+29s)',
      );
    });

    it('passes deletions once the previous pod was Ready for minReadySeconds (1 s early is watch latency), and does not judge it under Parallel', () => {
      const b = updateStart('restart', { replicas: 3, minReadySeconds: 5 });
      rollout(b, [2, 1, 0], 11, 7); // each deleted 4 s after the previous Ready: within the tolerance
      const r = run(ord3RollingUpdate, updateEnd(b, 35).build(40));
      expect(r.status, r.reason).to.equal('pass');
      expect(r.reason).to.contain('each Ready and 5s old (minReadySeconds) before the next');
      const p = updateStart('restart', { replicas: 3, minReadySeconds: 5, parallel: true });
      rollout(p, [2, 1, 0], 11, 4); // 1 s after Ready
      const rp = run(ord3RollingUpdate, updateEnd(p, 30).build(35));
      expect(rp.status, rp.reason).to.equal('pass');
      expect(rp.reason).to.contain('each Ready before the next');
    });

    it('fails more pods of a rollout not Ready at once than maxUnavailable, and passes up to it', () => {
      const at = (max: number, late: number) => {
        const b = new TimelineBuilder({ replicas: 4 }).steadyState();
        b.at(9).statefulSet({ maxUnavailable: max });
        b.at(10).faultStart('rolling-update', { details: { variant: 'restart' } });
        b.statefulSet({ updateRevision: R2 });
        rollout(b, [3, 2], 11, 1); // web-3 and web-2 both down from 12 to 14-15
        update(b, 1, late);
        update(b, 0, late + 4);
        return run(ord3RollingUpdate, updateEnd(b, 30).build(40));
      };
      const bad = at(2, 13);
      expect(bad.status).to.equal('fail');
      expect(bad.reason).to.contain(
        'web-1 (uid uid-web-1-1) was deleted at 12:00:13.000Z (+13s) while 2 pods of the rollout were not Ready on it yet (web-3, web-2): more than maxUnavailable 2 (2 pods) at once, where the cluster honours it',
      );
      const good = at(2, 16);
      expect(good.status, good.reason).to.equal('pass');
      // The reason says what happened: two at once, not "each Ready before the next".
      expect(good.reason).to.contain('up to 2 not Ready at once (maxUnavailable 2), never more');
      expect(good.reason).to.not.contain('each Ready');
      expect(good.measurements?.atOnce).to.equal(2);
    });
  });

  describe('partition', () => {
    it('fails an ordinal below the partition that changed', () => {
      const b = updateStart('partition', { partition: 3 });
      rollout(b, [4, 3, 2], 11);
      const r = run(ord3RollingUpdate, b.at(30).faultEnd('rolling-update').build(35));
      expect(r.status).to.equal('fail');
      expect(r.reason).to.contain(
        'web-2 (uid uid-web-2-1) was replaced by web-2 (uid uid-web-2-2) on revision web-r2 at 12:00:21.000Z (+21s) although the partition was 3 (index 2 is below it)',
      );
    });

    it('passes the ordinals at or above the partition first, then the rest once it is restored', () => {
      const b = updateStart('partition', { partition: 3 });
      rollout(b, [4, 3], 11);
      b.at(25).step('partition-restore').statefulSet({ partition: 0 });
      rollout(b, [2, 1, 0], 26);
      const r = run(ord3RollingUpdate, updateEnd(b, 45).build(50));
      expect(r.status, r.reason).to.equal('pass');
      expect(r.reason)
        .to.contain('web-r2: web-4 → web-3 → web-2 → web-1 → web-0')
        .and.contain('updatedReplicas 5 (replicas 5 − partition 0)');
    });
  });
});
