import { expect } from 'chai';
import { derive } from '../timeline/incarnations.ts';
import { TimelineBuilder, ts } from '../timeline/testing/builder.ts';
import { MULTI_ATTACH, multiAttachWaits, previousOn } from './multi-attach.ts';

describe('Multi-Attach waits', () => {
  it("reads the volume from both wordings of the attach/detach controller's event, and only from those", () => {
    // pkg/controller/volume/attachdetach/reconciler: reportMultiAttachError, through GenerateMsg.
    const exclusive =
      'Multi-Attach error for volume "pvc-3f1c" Volume is already exclusively attached to one node and can\'t be attached to another';
    const used = 'Multi-Attach error for volume "pvc-3f1c" Volume is already used by pod(s) web-1';
    expect(MULTI_ATTACH.exec(exclusive)?.[1]).to.equal('pvc-3f1c');
    expect(MULTI_ATTACH.exec(used)?.[1]).to.equal('pvc-3f1c');
    expect(
      MULTI_ATTACH.exec('AttachVolume.Attach failed for volume "pvc-3f1c" : rpc error: timed out'),
    ).to.equal(null);
  });

  it('takes the first event of each pod and volume, within the bounds', () => {
    const msg =
      'Multi-Attach error for volume "pv-data-web-1" Volume is already exclusively attached to one node';
    const b = new TimelineBuilder()
      .steadyState()
      .at(2)
      .attached('pv-data-web-1', 'n2')
      .at(10)
      .podDeleted(1)
      .podCreated(1)
      .podScheduled(1, 'n1')
      .at(11)
      .event(1, 'FailedAttachVolume', msg)
      .at(12)
      .event(1, 'FailedAttachVolume', msg)
      .event(1, 'FailedMount', 'Unable to attach or mount volumes');
    const d = derive(b.build(30));
    const waits = multiAttachWaits(d, { from: ts(0), to: ts(30) });
    expect(waits.map((w) => [w.volume, w.node, w.from, w.old?.node, w.to])).to.deep.equal([
      ['pv-data-web-1', 'n1', ts(11), 'n2', undefined],
    ]);
    expect(multiAttachWaits(d, { from: ts(11.5), to: ts(30) })).to.deep.equal([]);
  });

  it("finds the pod the volume stayed attached for: the ordinal's last earlier pod on that node", () => {
    const b = new TimelineBuilder()
      .steadyState()
      .at(10)
      .podDeleted(1)
      .podUp(1, 'n1')
      .at(20)
      .podDeleted(1)
      .podUp(1, 'n2');
    const d = derive(b.build(30));
    const [first, second, third] = d.ordinals.get(1) ?? [];
    if (!third) throw new Error('three incarnations of web-1 expected');
    expect(previousOn(d, third, 'n2')).to.equal(first);
    expect(previousOn(d, third, 'n1')).to.equal(second);
    expect(previousOn(d, second as never, 'n1')).to.equal(undefined);
  });
});
