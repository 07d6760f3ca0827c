import { expect } from 'chai';
import { TimelineBuilder, ts } from '../timeline/testing/builder.ts';
import { run } from './testing/run.ts';
import { vol6SingleAttachment } from './vol-6-single-attachment.ts';

const PV = 'pv-data-web-1';
const MULTI_ATTACH = `Multi-Attach error for volume "${PV}" Volume is already exclusively attached to one node and can't be attached to another`;

/** web-0 on n1, web-1 on n2, web-2 on n1, each claim's volume attached to its pod's node at 2 s. */
function attachedSteadyState(): TimelineBuilder {
  return new TimelineBuilder()
    .steadyState()
    .at(2)
    .attached('pv-data-web-0', 'n1')
    .attached(PV, 'n2')
    .attached('pv-data-web-2', 'n1');
}

/** A fault step's window: from 5 s (after the volumes were attached) to 20 s. */
const STEP = { from: ts(5), to: ts(20) };

/** web-1 deleted at 11 (a pod kill from 10), its replacement scheduled on n1 at 11.5. */
function web1MovesToN1(b = attachedSteadyState()): TimelineBuilder {
  return b
    .at(10)
    .faultStart('pod-kill', { ordinal: 1 })
    .podTerminating(1)
    .at(11)
    .podDeleted(1)
    .faultEnd('pod-kill', { ordinal: 1 })
    .podCreated(1)
    .at(11.5)
    .podScheduled(1, 'n1');
}

describe('VOL-6 single attachment', () => {
  it('passes a volume moved with the detach before the attach, naming the move', () => {
    const tl = web1MovesToN1()
      .at(11.6)
      .detachRequested(PV, 'n2')
      .at(12)
      .detached(PV, 'n2')
      .attachmentCreated(PV, 'n1')
      .at(13)
      .attached(PV, 'n1')
      .at(15)
      .podReady(1)
      .build(20);
    const r = run(vol6SingleAttachment, tl, {}, STEP);
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.equal(
      '3 ReadWriteOnce volumes never attached to two nodes at once (attached in the window: data-web-1 (pv-data-web-1): n2 → n1, detached at 12:00:12.000Z (+12s), attached at 12:00:13.000Z (+13s)); no Multi-Attach wait',
    );
    expect(r.measurements).to.deep.equal({ compared: 3, multiAttachWaits: 0, longestMultiAttachMs: 0 });
  });

  it('fails a volume attached to two nodes at once, naming both nodes and times', () => {
    const tl = web1MovesToN1()
      .at(13)
      .attached(PV, 'n1')
      .at(14)
      .detachRequested(PV, 'n2')
      .at(16)
      .detached(PV, 'n2')
      .build(20);
    const r = run(vol6SingleAttachment, tl);
    expect(r.status, r.reason).to.equal('fail');
    expect(r.violations).to.have.length(1);
    expect(r.violations[0]).to.include({ at: ts(13), ordinal: 1 });
    expect(r.reason).to.equal(
      'data-web-1 (pv-data-web-1) was attached to two nodes at once for 3s: to n2 since 12:00:02.000Z (+2s) (csi-pv-data-web-1-n2, detached at 12:00:16.000Z (+16s) (detach asked at 12:00:14.000Z (+14s))) and to n1 from 12:00:13.000Z (+13s) (csi-pv-data-web-1-n1)',
    );
  });

  it('names a volume detached and attached again to the same node (a new VolumeAttachment)', () => {
    const b = attachedSteadyState().at(10).podDeleted(1).podCreated(1).podScheduled(1, 'n2');
    const tl = b.at(10.5).detached(PV, 'n2').at(11).attached(PV, 'n2').at(12).podReady(1).build(20);
    const r = run(vol6SingleAttachment, tl, {}, STEP);
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.contain(
      'data-web-1 (pv-data-web-1): re-attached to n2, detached at 12:00:10.500Z (+10.5s), attached at 12:00:11.000Z (+11s)',
    );
  });

  it("judges the volumes attached in the window only: a deleted claim's old volume gone before it is not counted", () => {
    const b = attachedSteadyState()
      .at(8)
      .faultStart('claim-deletion', { ordinal: 1 })
      .claimDeleted('data-web-1')
      .podDeleted(1)
      .detached(PV, 'n2')
      .at(12)
      .claimBound('data-web-1', 'pv-new')
      .podCreated(1)
      .podScheduled(1, 'n1')
      .at(13)
      .attached('pv-new', 'n1')
      .at(14)
      .podReady(1);
    const r = run(vol6SingleAttachment, b.build(20), {}, { from: ts(10), to: ts(20) });
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.match(
      /^3 ReadWriteOnce volumes never attached to two nodes at once \(attached in the window: data-web-1 \(pv-new\): attached to n1 at 12:00:13\.000Z \(\+13s\)\); no Multi-Attach wait$/,
    );
  });

  it('does not judge a ReadWriteMany volume on two nodes', () => {
    const b = attachedSteadyState().volume(PV, 'data-web-1', ['ReadWriteMany']);
    const tl = web1MovesToN1(b).at(13).attached(PV, 'n1').at(15).podReady(1).build(20);
    const r = run(vol6SingleAttachment, tl, {}, STEP);
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.contain(
      '2 ReadWriteOnce volumes never attached to two nodes at once (no attach in the window); not judged, several nodes may attach them: data-web-1 (pv-data-web-1) (ReadWriteMany)',
    );
  });

  describe('names every Multi-Attach wait, its length and what ended it (reported, not a failure)', () => {
    /** web-1's new pod on n1 waits from `from` for its volume, still attached to n2, until `attach`. */
    const wait = (
      b: TimelineBuilder,
      from: number,
      detachAsked: number,
      attach: number,
      message = MULTI_ATTACH,
    ) =>
      b
        .at(from)
        .event(1, 'FailedAttachVolume', message)
        .attachmentCreated(PV, 'n1')
        .at(detachAsked)
        .detachRequested(PV, 'n2')
        .at(detachAsked + 0.5)
        .detached(PV, 'n2')
        .at(attach)
        .attached(PV, 'n1')
        .at(attach + 2)
        .podReady(1)
        .build(attach + 10);

    it('detach after unmount: the old pod went, its volume unmounted, then detached', () => {
      const r = run(vol6SingleAttachment, wait(web1MovesToN1(), 12, 14, 16));
      expect(r.status, r.reason).to.equal('pass');
      expect(r.reason).to.contain(
        'Multi-Attach waits: data-web-1 (pv-data-web-1): Multi-Attach wait 4s on n1 for web-1 (uid uid-web-1-2), ended by detach after unmount from n2 (detach asked at 12:00:14.000Z (+14s), detached at 12:00:14.500Z (+14.5s))',
      );
      expect(r.measurements).to.include({ multiAttachWaits: 1, longestMultiAttachMs: 4000 });
    });

    it('the other wording of the event (the volume still used by a pod) is a wait too', () => {
      const used = `Multi-Attach error for volume "${PV}" Volume is already used by pod(s) web-1`;
      const r = run(vol6SingleAttachment, wait(web1MovesToN1(), 12, 14, 16, used));
      expect(r.measurements).to.include({ multiAttachWaits: 1 });
    });

    it('6-minute force detach: the old pod on a lost node was gone, its volume never unmounted', () => {
      const b = attachedSteadyState()
        .at(10)
        .faultStart('node-loss', { node: 'n2', details: { node: 'n2', containersLeftRunning: false } })
        .at(50)
        .nodeNotReady('n2')
        .at(100)
        .podDeleted(1)
        .podCreated(1)
        .at(101)
        .podScheduled(1, 'n1');
      const r = run(vol6SingleAttachment, wait(b, 101, 461, 463));
      expect(r.status, r.reason).to.equal('pass');
      expect(r.reason).to.contain(
        'data-web-1 (pv-data-web-1): Multi-Attach wait 6m2s on n1 for web-1 (uid uid-web-1-2), ended by 6-minute force detach from n2 (detach asked at 12:07:41.000Z (+7m41s), detached at 12:07:41.500Z (+7m42s), 6m1s after web-1 (uid uid-web-1-1) was gone)',
      );
      expect(r.measurements).to.include({ longestMultiAttachMs: 362_000 });
    });

    it('out-of-service taint: the lost node fenced, the volume detached at once', () => {
      const b = attachedSteadyState()
        .at(50)
        .nodeNotReady('n2')
        .at(60)
        .nodeTaint('n2', 'node.kubernetes.io/out-of-service')
        .at(61)
        .podDeleted(1)
        .podCreated(1)
        .podScheduled(1, 'n1');
      const r = run(vol6SingleAttachment, wait(b, 62, 63, 65));
      expect(r.reason).to.contain(
        'Multi-Attach wait 3s on n1 for web-1 (uid uid-web-1-2), ended by out-of-service taint from n2',
      );
    });

    it('node deletion: the lost Node object deleted', () => {
      const b = attachedSteadyState()
        .at(50)
        .nodeNotReady('n2')
        .at(60)
        .nodeDeleted('n2')
        .at(61)
        .podDeleted(1)
        .podCreated(1)
        .podScheduled(1, 'n1');
      const r = run(vol6SingleAttachment, wait(b, 62, 63, 65));
      expect(r.reason).to.contain(
        'Multi-Attach wait 3s on n1 for web-1 (uid uid-web-1-2), ended by node deletion from n2',
      );
    });

    it('a wait not over by the end says so, with where the volume stayed', () => {
      const tl = web1MovesToN1().at(12).event(1, 'FailedAttachVolume', MULTI_ATTACH).build(42);
      const r = run(vol6SingleAttachment, tl);
      expect(r.status, r.reason).to.equal('pass');
      expect(r.reason).to.contain(
        'Multi-Attach wait on n1 for web-1 (uid uid-web-1-2) from 12:00:12.000Z (+12s), not over by the end (30s; still attached to n2)',
      );
      expect(r.measurements).to.include({ multiAttachWaits: 1, longestMultiAttachMs: 30_000 });
    });
  });

  describe('skips', () => {
    it('without volumeClaimTemplates', () => {
      const r = run(vol6SingleAttachment, new TimelineBuilder({ claimTemplates: [] }).steadyState().build(5));
      expect(r.status).to.equal('skip');
      expect(r.reason).to.equal('StatefulSet web has no volumeClaimTemplates');
    });

    it('when the volumes have no attach step (no VolumeAttachment recorded)', () => {
      const tl = new TimelineBuilder().steadyState().at(10).podDeleted(1).podUp(1, 'n1').build(20);
      const r = run(vol6SingleAttachment, tl);
      expect(r.status).to.equal('skip');
      expect(r.reason).to.equal(
        "the target's volumes have no attach step (no VolumeAttachment: e.g. hostPath or local volumes)",
      );
    });

    it('when the VolumeAttachments could not be watched (forbidden)', () => {
      const tl = new TimelineBuilder().at(0).watchForbidden('VolumeAttachment').steadyState().build(20);
      const r = run(vol6SingleAttachment, tl);
      expect(r.status).to.equal('skip');
      expect(r.reason).to.equal(
        "cannot watch VolumeAttachment (forbidden by RBAC): the attachments of the target's volumes were not recorded (list and watch on volumeattachments.storage.k8s.io, cluster-wide, are needed)",
      );
    });

    it('when no attachment changed in the window (nothing moved)', () => {
      const tl = attachedSteadyState().at(10).podRestarted(1).at(12).podReady(1).build(20);
      const r = run(vol6SingleAttachment, tl, {}, STEP);
      expect(r.status).to.equal('skip');
      expect(r.reason).to.equal(
        "no attachment of the target's volumes changed in the window: each of 3 volumes stayed attached to its node, nothing moved to compare",
      );
    });

    it('when every volume may be attached to several nodes', () => {
      const b = new TimelineBuilder({ replicas: 1 })
        .steadyState()
        .volume('pv-data-web-0', 'data-web-0', ['ReadWriteMany']);
      const tl = b.at(3).attached('pv-data-web-0', 'n1').at(4).attached('pv-data-web-0', 'n2').build(10);
      const r = run(vol6SingleAttachment, tl);
      expect(r.status).to.equal('skip');
      expect(r.reason).to.equal(
        "the target's volumes may be attached to several nodes: data-web-0 (pv-data-web-0) (ReadWriteMany) (no ReadWriteOnce volume to judge)",
      );
    });
  });
});
