import { expect } from 'chai';
import { derive } from '../derive.ts';
import { TimelineBuilder, ts } from '../testing/builder.ts';
import type { PvEntry, WatchType } from '../types.ts';

/** A PersistentVolume watch event (the builder has none: volumes follow from claims in its timelines). */
function pv(
  seq: number,
  at: number,
  type: WatchType,
  name: string,
  claimRef: { name?: string; namespace?: string; uid?: string } | undefined,
  phase = 'Bound',
): PvEntry {
  return {
    seq,
    at,
    kind: 'object',
    type,
    resource: 'PersistentVolume',
    name,
    uid: `uid-${name}`,
    resourceVersion: String(seq),
    object: {
      metadata: { name, uid: `uid-${name}` },
      spec: { claimRef, persistentVolumeReclaimPolicy: 'Delete' },
      status: { phase },
    },
  };
}

describe('volume histories', () => {
  it('follows the volumes of the target claims only, from their first claimRef', () => {
    const tl = new TimelineBuilder().build();
    const ref = { name: 'data-web-0', namespace: 'ns', uid: 'c1' };
    const entries = [
      pv(1, ts(1), 'ADDED', 'pv-a', ref, 'Pending'),
      pv(2, ts(2), 'MODIFIED', 'pv-a', ref),
      pv(3, ts(3), 'ADDED', 'pv-other-ns', { ...ref, namespace: 'elsewhere' }),
      pv(4, ts(3), 'ADDED', 'pv-other-claim', { name: 'logs-web-0', namespace: 'ns' }),
      pv(5, ts(3), 'ADDED', 'pv-unbound', undefined, 'Available'),
      pv(6, ts(4), 'DELETED', 'pv-a', ref, 'Released'),
    ];
    const d = derive({ ...tl, entries });
    expect([...d.volumes.keys()]).to.deep.equal(['pv-a']);
    expect(d.volumes.get('pv-a')).to.deep.equal({
      name: 'pv-a',
      uid: 'uid-pv-a',
      createdAt: ts(1),
      claimName: 'data-web-0',
      claimUid: 'c1',
      phase: 'Released',
      reclaimPolicy: 'Delete',
      deletedAt: ts(4),
    });
  });
});
