import { expect } from 'chai';
import { derive } from '../derive.ts';
import { watchForbidden } from '../queries.ts';
import { T0, TimelineBuilder, ts } from '../testing/builder.ts';
import type { VolumeAttachmentEntry, WatchType } from '../types.ts';

/** A VolumeAttachment watch event written out, for what the builder does not make. */
function va(
  seq: number,
  at: number,
  type: WatchType,
  status: VolumeAttachmentEntry['object']['status'],
  opts: { created?: number; deleting?: boolean; volume?: string } = {},
): VolumeAttachmentEntry {
  return {
    seq,
    at,
    kind: 'object',
    type,
    resource: 'VolumeAttachment',
    name: 'csi-1',
    uid: 'va-1',
    resourceVersion: String(seq),
    object: {
      metadata: {
        name: 'csi-1',
        uid: 'va-1',
        creationTimestamp: new Date(opts.created ?? at).toISOString(),
        ...(opts.deleting ? { deletionTimestamp: new Date(at).toISOString() } : {}),
      },
      spec: { attacher: 'd', nodeName: 'n1', source: { persistentVolumeName: opts.volume ?? 'pv-a' } },
      status,
    },
  };
}

describe('attachment histories', () => {
  it('gives per volume each attachment: node, created, attached, detach requested, detached', () => {
    const b = new TimelineBuilder()
      .at(0)
      .node('n1')
      .node('n2')
      .attached('pv-a', 'n1')
      .at(10)
      .detachRequested('pv-a', 'n1')
      .at(12)
      .attachmentCreated('pv-a', 'n2')
      .at(13)
      .detached('pv-a', 'n1')
      .at(14)
      .attached('pv-a', 'n2');
    const d = derive(b.build(20));
    const list = d.attachments.get('pv-a') ?? [];
    expect(
      list.map((a) => [a.node, a.createdAt, a.attachedAt, a.detachRequestedAt, a.detachedAt]),
    ).to.deep.equal([
      ['n1', ts(0), ts(0), ts(10), ts(13)],
      ['n2', ts(12), ts(14), undefined, undefined],
    ]);
    expect(list[0]).to.include({
      name: 'csi-pv-a-n1',
      volume: 'pv-a',
      attacher: 'lab.csi.sts-chaos.io',
      deletedAt: ts(13),
      preexisting: false,
    });
    expect(watchForbidden(d, 'VolumeAttachment')).to.equal(undefined);
  });

  it('keeps each distinct attach error with its time, and a detach by status.attached false', () => {
    const entries = [
      va(1, ts(1), 'ADDED', { attached: false }),
      va(2, ts(2), 'MODIFIED', {
        attached: false,
        attachError: { time: '2025-01-01T12:00:02Z', message: 'busy' },
      }),
      va(3, ts(3), 'MODIFIED', {
        attached: false,
        attachError: { time: '2025-01-01T12:00:02Z', message: 'busy' },
      }),
      va(4, ts(5), 'MODIFIED', { attached: true }),
      va(5, ts(8), 'MODIFIED', { attached: false, detachError: { message: 'still mounted' } }),
      // Attached again, same object: a second cycle.
      va(6, ts(9), 'MODIFIED', { attached: true }),
      va(7, ts(11), 'DELETED', { attached: true }, { deleting: true }),
    ];
    const d = derive({ ...new TimelineBuilder().build(), entries });
    const [first, second] = d.attachments.get('pv-a') ?? [];
    expect(first?.attachErrors).to.deep.equal([{ at: ts(2), time: ts(2), message: 'busy' }]);
    expect(first).to.include({ attachedAt: ts(5), detachedAt: ts(8) });
    expect(first?.detachErrors).to.deep.equal([{ at: ts(8), message: 'still mounted' }]);
    expect(second).to.include({
      createdAt: ts(9),
      attachedAt: ts(9),
      detachRequestedAt: ts(11),
      detachedAt: ts(11),
      deletedAt: ts(11),
    });
  });

  it('marks an attachment made before recording, and leaves out one of no PersistentVolume', () => {
    const entries = [
      va(1, ts(0), 'ADDED', { attached: true }, { created: T0 - 60_000 }),
      { ...va(2, ts(0), 'ADDED', { attached: true }, { volume: '' }), uid: 'inline' },
    ];
    const d = derive({ ...new TimelineBuilder().build(), entries });
    expect([...d.attachments.keys()]).to.deep.equal(['pv-a']);
    expect(d.attachments.get('pv-a')?.[0]?.preexisting).to.equal(true);
  });

  it('says when the recorder could not watch them', () => {
    const d = derive(new TimelineBuilder().at(0).watchForbidden('VolumeAttachment').build());
    expect(watchForbidden(d, 'VolumeAttachment')).to.equal(
      'cannot watch VolumeAttachment (forbidden by RBAC)',
    );
    expect(watchForbidden(d, 'Node')).to.equal(undefined);
    expect(d.attachments.size).to.equal(0);
  });
});
