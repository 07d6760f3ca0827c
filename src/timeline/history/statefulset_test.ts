import { expect } from 'chai';
import { derive } from '../derive.ts';
import { expectedOrdinals, lastStatefulSetBy, specAt, statefulSetAt, statusAt } from '../queries.ts';
import { TimelineBuilder, ts } from '../testing/builder.ts';

describe('StatefulSet history', () => {
  it('records StatefulSet spec changes and falls back to the target', () => {
    const plain = derive(new TimelineBuilder({ replicas: 4 }).build());
    expect(specAt(plain, ts(0)).replicas).to.equal(4);
    const b = new TimelineBuilder()
      .at(0)
      .statefulSet()
      .at(10)
      .statefulSet({ replicas: 5 })
      .at(11)
      .statefulSet();
    const d = derive(b.build());
    expect(d.statefulSet.specs.map((s) => s.spec.replicas)).to.deep.equal([3, 5]);
    expect(specAt(d, ts(5)).replicas).to.equal(3);
    expect(expectedOrdinals(specAt(d, ts(10)))).to.deep.equal([0, 1, 2, 3, 4]);
  });

  it('records a status whenever revisions, counters or generations change, with minReadySeconds in the spec', () => {
    const b = new TimelineBuilder()
      .at(0)
      .statefulSet({ generation: 1, observedGeneration: 1, updatedReplicas: 3, minReadySeconds: 5 })
      .at(1)
      .statefulSet()
      .at(2)
      .statefulSet({ generation: 2, updateRevision: 'web-r2' })
      .at(3)
      .statefulSet({ observedGeneration: 2, updatedReplicas: 0, currentReplicas: 3 })
      .at(4)
      .statefulSet({ updatedReplicas: 1, currentReplicas: 2, availableReplicas: 2, readyReplicas: 2 });
    const d = derive(b.build());
    expect(d.statefulSet.statuses.map((s) => s.at)).to.deep.equal([ts(0), ts(2), ts(3), ts(4)]);
    expect(d.statefulSet.statuses.at(-1)).to.deep.include({
      generation: 2,
      observedGeneration: 2,
      updatedReplicas: 1,
      currentReplicas: 2,
      availableReplicas: 2,
      readyReplicas: 2,
      currentRevision: 'web-r1',
      updateRevision: 'web-r2',
    });
    expect(statusAt(d, ts(2.5))?.updateRevision).to.equal('web-r2');
    expect(statusAt(d, ts(2.5))?.observedGeneration).to.equal(1);
    expect(statusAt(d, ts(-1))).to.equal(undefined);
    expect(specAt(d, ts(0)).minReadySeconds).to.equal(5);
    expect(specAt(derive(new TimelineBuilder().build()), ts(0)).minReadySeconds).to.equal(0);
  });

  it('keeps one object per UID across a deletion and a re-creation; the spec runs on across them', () => {
    const b = new TimelineBuilder()
      .at(0)
      .statefulSet({ whenDeleted: 'Delete' })
      .at(10)
      .statefulSetDeleting()
      .at(12)
      .statefulSetDeleted()
      .at(15)
      .statefulSetCreated('uid-sts-2')
      .at(16)
      .statefulSet({ replicas: 4 });
    const d = derive(b.build());
    expect(d.statefulSet.objects).to.deep.equal([
      { uid: 'uid-sts', firstSeenAt: ts(0), deletionRequestedAt: ts(10), deletedAt: ts(12) },
      { uid: 'uid-sts-2', firstSeenAt: ts(15) },
    ]);
    // The first object's, as before.
    expect(d.statefulSet.deletionRequestedAt).to.equal(ts(10));
    expect(d.statefulSet.deletedAt).to.equal(ts(12));
    expect(statefulSetAt(d, ts(-1))).to.equal(undefined);
    expect(statefulSetAt(d, ts(11))?.uid).to.equal('uid-sts');
    expect(statefulSetAt(d, ts(13))).to.equal(undefined);
    expect(lastStatefulSetBy(d, ts(13))?.uid).to.equal('uid-sts');
    expect(statefulSetAt(d, ts(15))?.uid).to.equal('uid-sts-2');
    // The re-created object's spec is the saved one: no new entry until the replicas change.
    expect(d.statefulSet.specs.map((s) => [s.at, s.spec.replicas, s.spec.whenDeleted])).to.deep.equal([
      [ts(0), 3, 'Delete'],
      [ts(16), 4, 'Delete'],
    ]);
    expect(specAt(d, ts(14)).whenDeleted).to.equal('Delete');
  });

  it('takes a DELETED without a deletionTimestamp before it as the request, and ignores that UID after it', () => {
    // A late event of the deleted UID (a relist racing the deletion) changes nothing.
    const b = new TimelineBuilder().at(0).statefulSet().at(3).statefulSetDeleted().at(4).statefulSet();
    const d = derive(b.build(5));
    expect(d.statefulSet.objects).to.deep.equal([
      { uid: 'uid-sts', firstSeenAt: ts(0), deletionRequestedAt: ts(3), deletedAt: ts(3) },
    ]);
    expect(statefulSetAt(d, ts(4))).to.equal(undefined);
  });
});
