import { expect } from 'chai';
import { T0, TimelineBuilder } from '../timeline/testing/builder.ts';
import { OUT_OF_SERVICE_TAINT, sb2NoUnfencedReplacement } from './sb-2-no-unfenced-replacement.ts';
import { run } from './testing/run.ts';

/** web-1 runs on n2; n2 is lost at 10 s and NotReady (Unknown) at 50 s. */
function nodeLoss(containersLeftRunning = true): TimelineBuilder {
  return new TimelineBuilder()
    .steadyState()
    .at(10)
    .faultStart('node-loss', { node: 'n2', details: { node: 'n2', containersLeftRunning } })
    .at(50)
    .nodeNotReady('n2')
    .podUnready(1);
}

/** The old web-1 is released at 60 s (after `before` ran), the replacement is Running at 65 s, n2 is back at 120 s. */
function releasedEarly(b: TimelineBuilder, before: (b: TimelineBuilder) => void = () => {}) {
  b.at(55);
  before(b);
  return b
    .at(60)
    .podDeleted(1)
    .at(61)
    .podCreated(1, { node: 'n1' })
    .at(65)
    .podReady(1)
    .at(120)
    .faultEnd('node-loss', { node: 'n2' })
    .nodeReady('n2')
    .build(150);
}

describe('SB-2 no unfenced replacement', () => {
  it('passes and names kubelet confirmation when the old pod goes only once the node is back', () => {
    const tl = nodeLoss()
      .at(120)
      .faultEnd('node-loss', { node: 'n2' })
      .at(121)
      .nodeReady('n2')
      .at(122)
      .podDeleted(1)
      .at(123)
      .podUp(1, 'n2')
      .build(150);
    const r = run(sb2NoUnfencedReplacement, tl);
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.contain('web-1 (uid uid-web-1-1) released by kubelet confirmation');
  });

  it('says what it saw when the pod was not evicted (300 s tolerations): how long it was not replaced after NotReady', () => {
    const tl = nodeLoss()
      .at(90)
      .faultEnd('node-loss', { node: 'n2' })
      .nodeReady('n2')
      .at(92)
      .podReady(1)
      .build(100);
    const r = run(sb2NoUnfencedReplacement, tl);
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.contain(
      'web-1 not evicted (its not-ready/unreachable tolerations outlasted the loss) and not replaced for 40s after n2 went NotReady',
    );
  });

  it('fails on a force delete while the containers still run, with the split-brain window', () => {
    const r = run(sb2NoUnfencedReplacement, releasedEarly(nodeLoss()));
    expect(r.status).to.equal('fail');
    expect(r.reason)
      .to.contain('web-1 (uid uid-web-1-1) released by force delete at 12:01:00.000Z')
      .and.contain('replacement web-1 (uid uid-web-1-2) was Running at 12:01:05.000Z')
      .and.contain('split-brain window 55s');
    expect(r.measurements?.splitBrainMs).to.equal(55_000);
  });

  it('names node deletion and the out-of-service taint as the release', () => {
    const deleted = run(
      sb2NoUnfencedReplacement,
      releasedEarly(nodeLoss(), (b) => b.nodeDeleted('n2').node('n2').nodeNotReady('n2')),
    );
    expect(deleted.status).to.equal('fail');
    expect(deleted.reason).to.contain('released by node deletion');
    const tainted = run(
      sb2NoUnfencedReplacement,
      releasedEarly(nodeLoss(), (b) => b.nodeTaint('n2', OUT_OF_SERVICE_TAINT)),
    );
    expect(tainted.status).to.equal('fail');
    expect(tainted.reason).to.contain('released by out-of-service taint');
  });

  it('measures the window to the end of the run when the node never comes back', () => {
    const tl = nodeLoss().at(60).podDeleted(1).at(61).podUp(1, 'n1').build(100);
    const r = run(sb2NoUnfencedReplacement, tl);
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain('until the end of the run').and.contain('split-brain window 39s');
  });

  it('passes a force delete when the fault really stopped the containers', () => {
    const r = run(sb2NoUnfencedReplacement, releasedEarly(nodeLoss(false)));
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.contain('released by force delete');
  });

  it("takes 'containers left running' from the node's own runtime, not from the configuration", () => {
    const observed = (podUids: string[]) => (b: TimelineBuilder) =>
      b.mark('note', undefined, {
        node: 'n2',
        details: { observation: 'node-containers', podUids, containers: podUids.map(() => 'ns/web-1/app') },
      });
    // Configured as stopped, but the node still ran web-1's container: the replacement is a split brain.
    const ran = run(sb2NoUnfencedReplacement, releasedEarly(nodeLoss(false), observed(['uid-web-1-1'])));
    expect(ran.status).to.equal('fail');
    expect(ran.reason).to.contain(
      'containers left running: observed on n2 at 12:00:55.000Z (+55s) (ns/web-1/app)',
    );
    // Configured as left running, but the node ran nothing of it: no split brain.
    const stopped = run(sb2NoUnfencedReplacement, releasedEarly(nodeLoss(true), observed([])));
    expect(stopped.status, stopped.reason).to.equal('pass');
    expect(stopped.reason).to.contain(
      "n2's runtime observed at 12:00:55.000Z (+55s): old containers stopped",
    );
    // Not observed: the configuration, said as such.
    const configured = run(sb2NoUnfencedReplacement, releasedEarly(nodeLoss()));
    expect(configured.reason).to.contain('containers left running: not observed, as the node-loss mode says');
  });

  it("measures the window from the node agent's witness: the last look that still saw the old containers", () => {
    const witnessed = (b: TimelineBuilder) => {
      for (const [t, uids] of [
        [55, ['uid-web-1-1']],
        [90, ['uid-web-1-1']],
        [92, []],
      ] as const)
        b.mark('note', undefined, {
          node: 'n2',
          details: {
            observation: 'node-containers',
            observedAt: T0 + t * 1000,
            podUids: [...uids],
            containers: uids.map(() => 'ns/web-1/app'),
          },
        });
    };
    // Configured as stopped; the agent's looks (recorded whenever its log is read) carry their own time.
    const r = run(sb2NoUnfencedReplacement, releasedEarly(nodeLoss(false), witnessed));
    expect(r.status, r.reason).to.equal('fail');
    expect(r.reason).to.match(
      /web-1 \(uid uid-web-1-1\) was still running on n2 at 12:01:30\.000Z \(\+1m30s\) \(seen there: ns\/web-1\/app\): split-brain window 25s/,
    );
  });

  it('skips without node loss, or when no pod was on the lost node', () => {
    expect(run(sb2NoUnfencedReplacement, new TimelineBuilder().steadyState().build()).reason).to.contain(
      'no node-loss',
    );
    const empty = new TimelineBuilder()
      .steadyState()
      .node('n3')
      .at(10)
      .faultStart('node-loss', { node: 'n3' })
      .build();
    const r = run(sb2NoUnfencedReplacement, empty);
    expect(r.status).to.equal('skip');
    expect(r.reason).to.contain('n3');
  });

  it('a timeline without evidence gives skip: the lost node never went NotReady and nothing was replaced', () => {
    const tl = new TimelineBuilder()
      .steadyState()
      .at(10)
      .faultStart('node-loss', { node: 'n2' })
      .at(20)
      .faultEnd('node-loss', { node: 'n2' })
      .build(60);
    const r = run(sb2NoUnfencedReplacement, tl);
    expect(r.status, r.reason).to.equal('skip');
    expect(r.reason).to.contain('never went NotReady');
  });
});
