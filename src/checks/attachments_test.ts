import { expect } from 'chai';
import { derive } from '../timeline/incarnations.ts';
import { TimelineBuilder, ts } from '../timeline/testing/builder.ts';
import type { PvcEntry } from '../timeline/types.ts';
import { accessModesOf, attachStep, singleNode, volumeRef, volumesOf } from './attachments.ts';

describe("the volumes' attachments, as the checks read them", () => {
  it("reads a volume's access modes from its PersistentVolume, else from its claim", () => {
    const b = new TimelineBuilder({ replicas: 2 })
      .steadyState()
      .volume('pv-data-web-0', 'data-web-0', ['ReadWriteMany']);
    const tl = b.build(5);
    const claim = tl.entries.find(
      (e): e is PvcEntry =>
        e.kind === 'object' && e.resource === 'PersistentVolumeClaim' && e.name === 'data-web-1',
    );
    if (!claim) throw new Error('no claim data-web-1');
    const rwop = { ...claim, seq: 999, at: ts(5), type: 'MODIFIED' as const };
    const withModes = {
      ...rwop,
      object: { ...rwop.object, spec: { ...rwop.object.spec, accessModes: ['ReadWriteOncePod'] } },
    };
    const d = derive({ ...tl, entries: [...tl.entries, withModes] });
    expect(accessModesOf(d, 'pv-data-web-0', ts(5))).to.deep.equal(['ReadWriteMany']);
    expect(accessModesOf(d, 'pv-data-web-1', ts(5))).to.deep.equal(['ReadWriteOncePod']);
    expect(accessModesOf(d, 'pv-unknown', ts(5))).to.deep.equal([]);
    expect(singleNode(['ReadWriteMany'])).to.equal(false);
    expect(singleNode(['ReadWriteOnce', 'ReadWriteMany'])).to.equal(true);
    expect(singleNode(['ReadWriteOncePod'])).to.equal(true);
    expect(singleNode([]), 'unknown: judged as a StatefulSet claim usually is').to.equal(true);
  });

  it("names a pod's volumes and a volume by its claim", () => {
    const d = derive(new TimelineBuilder().steadyState().build(5));
    const web1 = d.ordinals.get(1)?.[0];
    if (!web1) throw new Error('no web-1');
    expect(volumesOf(d, web1, ts(5))).to.deep.equal(['pv-data-web-1']);
    expect(volumeRef(d, 'pv-data-web-1', ts(5))).to.equal('data-web-1 (pv-data-web-1)');
    expect(volumeRef(d, 'pv-other', ts(5))).to.equal('pv-other');
  });

  describe("REC-1's attach step of a new pod", () => {
    const moved = (b: TimelineBuilder) =>
      b.at(10).podDeleted(1).podCreated(1).at(11).podScheduled(1, 'n1').at(13).podReady(1);
    const step = (b: TimelineBuilder) => {
      const d = derive(b.build(20));
      const inc = d.ordinals.get(1)?.[1];
      if (!inc) throw new Error('no new web-1');
      return attachStep(d, inc, ts(11), ts(13));
    };

    it('is when its volume was attached to its node (from its scheduling)', () => {
      const b = moved(new TimelineBuilder().steadyState().at(2).attached('pv-data-web-1', 'n2'));
      expect(step(b.at(12).attached('pv-data-web-1', 'n1'))).to.equal(ts(12));
    });

    it('is its scheduling when the volume was attached to its node already', () => {
      const b = new TimelineBuilder().steadyState().at(2).attached('pv-data-web-1', 'n1');
      expect(step(moved(b))).to.equal(ts(11));
    });

    it('is none when its volume never had a VolumeAttachment; unknown when they were not watched', () => {
      expect(step(moved(new TimelineBuilder().steadyState()))).to.equal('none');
      const forbidden = new TimelineBuilder().at(0).watchForbidden('VolumeAttachment').steadyState();
      expect(step(moved(forbidden))).to.equal(undefined);
    });

    it('is unknown when its volume has attachments but none attached on its node before it was Ready', () => {
      const b = moved(new TimelineBuilder().steadyState().at(2).attached('pv-data-web-1', 'n2'));
      expect(step(b)).to.equal(undefined);
    });
  });
});
