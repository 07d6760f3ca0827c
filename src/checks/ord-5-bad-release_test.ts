import { expect } from 'chai';
import { TimelineBuilder, ts } from '../timeline/testing/builder.ts';
import { ord5BadRelease } from './ord-5-bad-release.ts';
import { BAD_RELEASE, badReleaseRollback, badReleaseStart, R1, R2, replace } from './testing/rollouts.ts';
import { run } from './testing/run.ts';

describe('ORD-5 bad release contained', () => {
  it('passes a release that broke only the highest ordinal and healed after the rollback', () => {
    const r = run(ord5BadRelease, badReleaseRollback(badReleaseStart(), 45).build(60));
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.equal(
      'bad release at 12:00:10.000Z (+10s) (image registry.local:5000/app:sts-chaos-bad-release-run1, OrderedReady, Kubernetes v1.34.4): only web-2 was replaced, by web-2 (uid uid-web-2-2) on revision web-r2 (waiting ImagePullBackOff at 12:00:15.000Z (+15s)); web-0, web-1 kept their pods, revisions and readiness until the rollback at 12:00:45.000Z (+45s) and the set was whole at 12:00:49.000Z (+49s); the controller rolled back by itself',
    );
    expect(r.measurements).to.deep.equal({ badReleases: 1, forcedRollbacks: 0 });
  });

  it('passes with a forced rollback, saying the rollback needed it', () => {
    const r = run(ord5BadRelease, badReleaseRollback(badReleaseStart(), 45, { forced: true }).build(120));
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.contain(
      'rollback needed a manual pod deletion (forced rollback) of web-2 (uid uid-web-2-2) at 12:01:45.000Z (+1m45s)',
    );
    expect(r.measurements?.forcedRollbacks).to.equal(1);
  });

  it('fails a second ordinal replaced while the first was broken, naming its pod, revision and time', () => {
    const b = badReleaseStart();
    replace(b, 1, 20, { ready: false }); // the controller went on to web-1 with the bad revision
    const r = run(ord5BadRelease, badReleaseRollback(b, 45).build(60));
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain(
      'bad release at 12:00:10.000Z (+10s): web-1 (uid uid-web-1-1, revision web-r1) had its deletion requested at 12:00:20.000Z (+20s), before the highest ordinal was Ready again after the rollback: a second pod touched; replaced by web-1 (uid uid-web-1-2) on revision web-r2 (the bad one)',
    );
    expect(r.reason).to.contain(
      'at the end (12:01:00.000Z (+1m)) web-1 (uid uid-web-1-2) was still on the bad revision web-r2',
    );
  });

  it('fails a lower ordinal touched first, and one that lost readiness during the bad release', () => {
    const b = new TimelineBuilder().steadyState();
    b.at(9).statefulSet({ generation: 1, observedGeneration: 1 });
    b.at(10)
      .faultStart('bad-release', { details: { badImage: 'app:bad' } })
      .statefulSet({ updateRevision: R2 });
    replace(b, 1, 11, { ready: false });
    b.at(20).podUnready(0).at(25).podReady(0);
    badReleaseRollback(b, 45);
    replace(b, 1, 50); // healed by hand
    const r = run(ord5BadRelease, b.build(60));
    expect(r.status).to.equal('fail');
    expect(r.reason)
      .to.contain(
        'web-1 (uid uid-web-1-1, revision web-r1) was the first replaced, by web-1 (uid uid-web-1-2) on the bad revision web-r2 at 12:00:12.000Z (+12s), not the highest ordinal web-2',
      )
      .and.contain(
        'web-0 (uid uid-web-0-1, revision web-r1) was not Ready from 12:00:20.000Z (+20s), before the rollback',
      );
  });

  it('fails two ordinals broken at once under maxUnavailable 2, and says maxUnavailable let it', () => {
    // As the lab recorded it: web-2 and web-1 deleted together; web-1 made first (OrderedReady) on the bad
    // revision and stuck; web-2 not made again until web-1 was healed.
    const b = new TimelineBuilder().steadyState();
    b.at(9).statefulSet({ generation: 1, observedGeneration: 1, maxUnavailable: 2 });
    b.at(10)
      .faultStart('bad-release', { details: { ...BAD_RELEASE } })
      .statefulSet({ generation: 2, observedGeneration: 2, updateRevision: R2, updatedReplicas: 0 });
    b.at(11).podTerminating(2).podTerminating(1).at(12).podDeleted(2).podDeleted(1);
    b.podCreated(1, { node: 'n1' }).at(15).podWaiting(1, 'ImagePullBackOff');
    b.at(45).step('rollback').statefulSet({ generation: 3, observedGeneration: 3, updateRevision: R1 });
    replace(b, 1, 46).at(50).podCreated(2, { node: 'n1', revision: R1 }).at(53).podReady(2, { since: 53 });
    b.statefulSet({ updatedReplicas: 3, currentRevision: R1 }).at(55).faultEnd('bad-release');
    const r = run(ord5BadRelease, b.build(60));
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain(
      'web-1 (uid uid-web-1-1, revision web-r1) was the first replaced, by web-1 (uid uid-web-1-2) on the bad revision web-r2 at 12:00:12.000Z (+12s), not the highest ordinal web-2 (maxUnavailable 2: the controller replaces up to 2 pods at once, so a bad release breaks up to 2 ordinals)',
    );
  });

  it('fails a set not whole at the end: the broken pod still on the bad revision', () => {
    const b = badReleaseStart();
    b.at(45).step('rollback').statefulSet({ updateRevision: 'web-r1' }).at(100).faultEnd('bad-release');
    const r = run(ord5BadRelease, b.build(110));
    expect(r.status).to.equal('fail');
    expect(r.reason).to.equal(
      'at the end (12:01:50.000Z (+1m50s)) web-2 (uid uid-web-2-2) was still on the bad revision web-r2 (waiting ImagePullBackOff since 12:00:15.000Z (+15s))',
    );
    expect(r.violations[0]?.ordinal).to.equal(2);
  });

  it('skips without a bad release, and says why one could not be judged', () => {
    const none = run(ord5BadRelease, new TimelineBuilder().steadyState().build(20));
    expect(none.status).to.equal('skip');
    expect(none.reason).to.equal('no bad release was made during the run');

    const untouched = new TimelineBuilder().steadyState().at(10).faultStart('bad-release');
    const r = run(ord5BadRelease, untouched.at(40).step('rollback').faultEnd('bad-release').build(50));
    expect(r.status).to.equal('skip');
    expect(r.reason).to.contain('no pod was replaced by one of another revision between the bad release');

    const notBad = badReleaseStart();
    notBad.at(20).podReady(2);
    const nb = run(ord5BadRelease, badReleaseRollback(notBad, 45).build(60));
    expect(nb.status).to.equal('skip');
    expect(nb.reason).to.equal(
      'the release was not bad: web-2 (uid uid-web-2-2) on revision web-r2 was Ready at 12:00:20.000Z (+20s)',
    );

    const endless = badReleaseStart();
    const e = run(ord5BadRelease, endless.build(30));
    expect(e.status).to.equal('skip');
    expect(e.reason).to.contain('has no rollback step mark, fault-end or revert');
  });

  it('judges only the bad releases of its window', () => {
    const tl = badReleaseRollback(badReleaseStart(), 45).build(60);
    const r = run(ord5BadRelease, tl, {}, { from: ts(0), to: ts(60), fault: 'rolling-update' });
    expect(r.status).to.equal('skip');
    const own = run(ord5BadRelease, tl, {}, { from: ts(5), to: ts(60), fault: 'bad-release' });
    expect(own.status, own.reason).to.equal('pass');
  });
});
