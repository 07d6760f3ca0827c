import { expect } from 'chai';
import { TimelineBuilder } from '../timeline/testing/builder.ts';
import { adopt1Adoption } from './adopt-1-adoption.ts';
import { deleteRecreate, NEW_UID, OLD_UID, orphanRecreate } from './testing/recreate.ts';
import { run } from './testing/run.ts';

describe('ADOPT-1 adoption', () => {
  it('passes when the new StatefulSet adopts every orphaned pod untouched, timing each adoption', () => {
    const r = run(adopt1Adoption, orphanRecreate().build(25));
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.contain(
      `StatefulSet web (uid ${OLD_UID}) deleted with its pods orphaned at 12:00:10.000Z (+10s), re-created at 12:00:12.000Z (+12s) (uid ${NEW_UID})`,
    );
    expect(r.reason)
      .to.contain(
        `web-0 (uid uid-web-0-1) adopted by the new StatefulSet (uid ${NEW_UID}) 400ms after it was created`,
      )
      .and.contain(
        `web-2 (uid uid-web-2-1) adopted by the new StatefulSet (uid ${NEW_UID}) 600ms after it was created`,
      )
      .and.contain('no pod restarted, deleted or created')
      .and.contain(
        "revision history consistent: the pods kept revision web-r1 (web-0, web-1, web-2), and the new StatefulSet's status of 12:00:12.000Z (+12s) has currentRevision = updateRevision = web-r1",
      );
    expect(r.measurements).to.deep.equal({ adopted: 3, slowestAdoptionMs: 600 });
  });

  it('fails naming a pod restarted during the adoption, with its container and counts', () => {
    const tl = orphanRecreate({ during: (b) => b.podRestarted(1).at(12.3).podReady(1) }).build(25);
    const r = run(adopt1Adoption, tl);
    expect(r.status).to.equal('fail');
    expect(r.reason)
      .to.contain('web-1 (uid uid-web-1-1) restarted during the adoption')
      .and.contain('container app restartCount 0→1 at 12:00:12.200Z (+12.2s)');
  });

  it('fails naming a pod left orphaned, with its owner at the end', () => {
    const r = run(adopt1Adoption, orphanRecreate({ adopt: [0, 1] }).build(25));
    expect(r.status).to.equal('fail');
    expect(r.reason).to.equal(
      `web-2 (uid uid-web-2-1) left orphaned: at the end (12:00:20.000Z (+20s)) it had no controller ownerReference, not the new StatefulSet (uid ${NEW_UID})`,
    );
    // One the garbage collector never orphaned still names the old, gone StatefulSet.
    const stale = orphanRecreate({ adopt: [0, 1], during: (b) => b.podOwner(2, OLD_UID) }).build(25);
    expect(run(adopt1Adoption, stale).reason).to.contain(
      `its controller was still the old StatefulSet (uid ${OLD_UID}), which no longer exists`,
    );
  });

  it('fails naming a pod deleted and created again during the adoption, with both UIDs and times', () => {
    const during = (b: TimelineBuilder) =>
      b.podTerminating(2).at(12.8).podDeleted(2).podCreated(2, { node: 'n1' }).at(14).podReady(2);
    const r = run(adopt1Adoption, orphanRecreate({ adopt: [0, 1], during }).build(25));
    expect(r.status).to.equal('fail');
    expect(r.reason).to.equal(
      'web-2 (uid uid-web-2-1) had its deletion requested at 12:00:12.200Z (+12.2s), gone at 12:00:12.800Z (+12.8s); replaced by web-2 (uid uid-web-2-2) created at 12:00:12.800Z (+12.8s) during the adoption (the StatefulSet deleted with its pods orphaned at 12:00:10.000Z (+10s)): an orphaned pod is adopted, never replaced',
    );
  });

  it('fails when the new StatefulSet’s revisions disagree with the pods’, and says what it compared without them', () => {
    const r = run(
      adopt1Adoption,
      orphanRecreate({ revisions: { current: 'web-r1', update: 'web-r2' } }).build(25),
    );
    expect(r.status).to.equal('fail');
    expect(r.reason)
      .to.contain(
        "4 violations: revision history inconsistent: in the new StatefulSet's status of 12:00:13.000Z (+13s) currentRevision web-r1 is not updateRevision web-r2",
      )
      .and.contain(
        "web-0 (uid uid-web-0-1, revision web-r1) is not on the new StatefulSet's updateRevision web-r2 (its status of 12:00:13.000Z (+13s)): it would replace the pod",
      );
    const none = run(adopt1Adoption, orphanRecreate({ revisions: null }).build(25));
    expect(none.status, none.reason).to.equal('pass');
    expect(none.reason).to.contain(
      "revision history not compared with the status: the new StatefulSet's status of 12:00:13.000Z (+13s) has no currentRevision; the pods kept their revision labels: web-r1 (web-0, web-1, web-2)",
    );
  });

  it('judges up to the window’s end when the fault has not ended by then', () => {
    const tl = orphanRecreate({ adopt: [0, 1] }).build(25);
    const early = run(adopt1Adoption, tl, {}, { from: tl.startedAt, to: tl.startedAt + 12_450 });
    expect(early.status).to.equal('fail');
    expect(early.reason)
      .to.contain('2 violations: web-1 (uid uid-web-1-1) left orphaned: at the end (12:00:12.450Z (+12.4s))')
      .and.contain('web-2 (uid uid-web-2-1) left orphaned');
    // The new object marked but never seen in the watch: no status of it, so the pods' revisions alone.
    const unseen = orphanRecreate({
      created: false,
      during: (b) => {
        b.step('sts-created', { uid: NEW_UID });
        for (const o of [0, 1, 2]) b.podOwner(o, NEW_UID);
      },
    });
    const noStatus = run(adopt1Adoption, unseen.build(25));
    expect(noStatus.status, noStatus.reason).to.equal('pass');
    expect(noStatus.reason)
      .to.contain(`re-created at 12:00:12.200Z (+12.2s) (uid ${NEW_UID})`)
      .and.contain(
        `revision history not compared with the status: the new StatefulSet (uid ${NEW_UID}) reported no status by 12:00:20.000Z (+20s); the pods kept their revision labels: web-r1 (web-0, web-1, web-2)`,
      );
  });

  it('skips without an orphaning re-creation, and when the StatefulSet was not created again', () => {
    expect(run(adopt1Adoption, new TimelineBuilder().steadyState().build(10)).reason).to.equal(
      'no StatefulSet was deleted with its pods orphaned and re-created during the run',
    );
    expect(run(adopt1Adoption, deleteRecreate().build(25)).status).to.equal('skip');
    const r = run(adopt1Adoption, orphanRecreate({ created: false }).build(25));
    expect(r.status).to.equal('skip');
    expect(r.reason).to.equal(
      `StatefulSet web (uid ${OLD_UID}) deleted with its pods orphaned at 12:00:10.000Z (+10s) was not re-created by 12:00:20.000Z (+20s) (no sts-created step mark, and no other StatefulSet object of that name was seen): no pod could be adopted`,
    );
  });
});
