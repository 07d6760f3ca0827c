import { expect } from 'chai';
import { TimelineBuilder } from '../timeline/testing/builder.ts';
import { sb3OldIncarnationEnds } from './sb-3-old-incarnation-ends.ts';
import { run } from './testing/run.ts';

/** n2 (running web-1) lost at 10 s; web-1 force-deleted at 60 s and replaced on n1; n2 back at 120 s. */
function replacedDuringLoss(): TimelineBuilder {
  return new TimelineBuilder()
    .steadyState()
    .at(10)
    .faultStart('node-loss', { node: 'n2', details: { containersLeftRunning: true } })
    .at(50)
    .nodeNotReady('n2')
    .at(60)
    .podDeleted(1)
    .podUp(1, 'n1')
    .at(120)
    .faultEnd('node-loss', { node: 'n2' })
    .nodeReady('n2');
}

describe('SB-3 old incarnation ends', () => {
  it('passes when nothing of the old incarnation shows after the node is back', () => {
    const tl = replacedDuringLoss()
      .at(300)
      .sample('role', 1, 'primary')
      .mark('note', undefined, { node: 'n2', details: { observation: 'node-containers', podUids: [] } })
      .build(400);
    const r = run(sb3OldIncarnationEnds, tl);
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason)
      .to.contain("web-1: old uid-web-1-1 gone; n2's runtime ran none of its containers at")
      .and.contain('only uid-web-1-2 runs')
      .and.contain('1 node-containers');
  });

  it("is judged within the grace when the node's runtime showed the old containers stopped (before: skipped, nothing looked at)", () => {
    // The run ends 10 s after the node is back, far within the 2 min grace; the lab asked the node itself.
    const tl = replacedDuringLoss()
      .at(125)
      .mark('note', undefined, {
        node: 'n2',
        details: { observation: 'node-containers', podUids: [], containers: [] },
      })
      .build(130);
    const r = run(sb3OldIncarnationEnds, tl);
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.contain(
      "n2's runtime ran none of its containers at 12:02:05.000Z (+2m5s), 5s after it was back",
    );
  });

  it('is not judged within the grace when the node still ran the old containers then (the kubelet may still be stopping them)', () => {
    const tl = replacedDuringLoss()
      .at(125)
      .mark('note', undefined, {
        node: 'n2',
        details: { observation: 'node-containers', podUids: ['uid-web-1-1'] },
      })
      .build(130);
    const r = run(sb3OldIncarnationEnds, tl);
    expect(r.status, r.reason).to.equal('skip');
  });

  it('fails naming the old pod when it still answers or its containers are still seen', () => {
    const tl = replacedDuringLoss()
      .at(250)
      .sample('role', 1, 'primary', true, 'uid-web-1-1')
      .mark('note', undefined, {
        node: 'n2',
        details: { observation: 'node-containers', podUids: ['uid-web-1-1'] },
      })
      .build(400);
    const r = run(sb3OldIncarnationEnds, tl);
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain(
      'web-1 (uid uid-web-1-1), replaced by uid-web-1-2, still answered a role probe',
    );
    expect(r.reason).to.contain('containers of web-1 (uid uid-web-1-1)').and.contain('still running on n2');
  });

  it('fails naming a pod left Terminating after the node came back', () => {
    const tl = new TimelineBuilder()
      .steadyState()
      .at(10)
      .faultStart('node-loss', { node: 'n2' })
      .at(50)
      .nodeNotReady('n2')
      .at(55)
      .podTerminating(1)
      .at(120)
      .faultEnd('node-loss', { node: 'n2' })
      .nodeReady('n2')
      .build(400);
    const r = run(sb3OldIncarnationEnds, tl);
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain('web-1 (uid uid-web-1-1) was still Terminating on n2');
  });

  it('skips without node loss, or when the node never came back', () => {
    expect(run(sb3OldIncarnationEnds, new TimelineBuilder().steadyState().build()).status).to.equal('skip');
    const never = new TimelineBuilder()
      .steadyState()
      .at(10)
      .faultStart('node-loss', { node: 'n2' })
      .at(50)
      .nodeNotReady('n2');
    const r = run(sb3OldIncarnationEnds, never.build(100));
    expect(r.status).to.equal('skip');
    expect(r.reason).to.contain('node n2 did not come back');
  });

  it('a timeline without evidence gives skip: the pod on the lost node was never replaced nor deleted', () => {
    const tl = new TimelineBuilder()
      .steadyState()
      .at(10)
      .faultStart('node-loss', { node: 'n2' })
      .at(20)
      .faultEnd('node-loss', { node: 'n2' })
      .build(400);
    const r = run(sb3OldIncarnationEnds, tl);
    expect(r.status, r.reason).to.equal('skip');
    expect(r.reason).to.contain('same incarnation uid-web-1-1 kept running');
  });

  it('a timeline without evidence gives skip: the run ended within the grace after the node came back', () => {
    const r = run(sb3OldIncarnationEnds, replacedDuringLoss().build(130));
    expect(r.status, r.reason).to.equal('skip');
    expect(r.reason).to.contain('within the grace');
  });

  it('passes when the old pod is removed only once its node is back (its kubelet confirmed the containers gone)', () => {
    const tl = new TimelineBuilder()
      .steadyState()
      .at(10)
      .faultStart('node-loss', { node: 'n2', details: { containersLeftRunning: true } })
      .at(26)
      .nodeNotReady('n2')
      .at(36)
      .podTerminating(1)
      .at(50)
      .faultEnd('node-loss', { node: 'n2' })
      .at(58)
      .nodeReady('n2')
      .at(59)
      .podDeleted(1)
      .podUp(1, 'n1')
      .build(70);
    const r = run(sb3OldIncarnationEnds, tl);
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.contain('its kubelet confirmed its containers gone');
  });
});
