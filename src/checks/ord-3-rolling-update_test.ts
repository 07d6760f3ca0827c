import { expect } from 'chai';
import { TimelineBuilder } from '../timeline/testing/builder.ts';
import { ord3RollingUpdate } from './ord-3-rolling-update.ts';
import { run } from './testing/run.ts';

/** Replace ordinal o with a pod of the current update revision: delete at t, new pod at t+1, Ready at t+3. */
function update(b: TimelineBuilder, o: number, t: number): TimelineBuilder {
  return b
    .at(t)
    .podTerminating(o)
    .at(t + 1)
    .podDeleted(o)
    .podCreated(o, { node: 'n1' })
    .at(t + 3)
    .podReady(o);
}

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
});
