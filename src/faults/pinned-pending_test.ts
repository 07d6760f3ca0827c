import { expect } from 'chai';
import type { Pod } from '../kube/objects.ts';
import { type PinnedView, pinnedPending } from './pinned-pending.ts';

const victim = { pod: 'web-1', uid: 'old' };
const pending = (message?: string) =>
  ({
    metadata: { name: 'web-1', uid: 'new' },
    spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-web-1' } }] },
    status: {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }],
    },
  }) as unknown as Pod;
const hostIs = (node: string) => ({
  required: {
    nodeSelectorTerms: [
      { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] },
    ],
  },
});
const node = (name: string, o: { cordoned?: boolean; ready?: boolean } = {}) => ({
  metadata: { name },
  spec: { unschedulable: o.cordoned },
  status: { conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
});
const view = (p: Pod, affinity?: ReturnType<typeof hostIs>, cordoned = true): PinnedView => ({
  pods: [p],
  claims: [{ metadata: { name: 'data-web-1' }, spec: { volumeName: 'pv-1' } }],
  volumes: [{ metadata: { name: 'pv-1' }, spec: affinity ? { nodeAffinity: affinity } : {} }],
  nodes: [node('lab-n1', { cordoned }), node('lab-n2')],
});

describe('a replacement Pending on a volume pinned to its node', () => {
  it('is named, with the node, its state, the claim, the volume and the scheduler', () => {
    const msg =
      '0/2 nodes are available: 1 node(s) had volume node affinity conflict, 1 node(s) were unschedulable.';
    expect(pinnedPending(view(pending(msg), hostIs('lab-n1')), victim)).to.equal(
      `Pending: volume pinned to node lab-n1: data-web-1 is bound to pv-1, whose node affinity allows only lab-n1 (cordoned): the ordinal cannot move off its node; the scheduler: ${msg}`,
    );
  });

  it('is nothing for a volume that may follow its pod, a pinned node still usable, or a scheduled pod', () => {
    expect(pinnedPending(view(pending(), undefined), victim)).to.equal(undefined);
    expect(pinnedPending(view(pending(), hostIs('lab-n1'), false), victim)).to.equal(undefined);
    const placed = { ...pending(), spec: { ...pending().spec, nodeName: 'lab-n1' } } as Pod;
    expect(pinnedPending(view(placed, hostIs('lab-n1')), victim)).to.equal(undefined);
    const old = { ...pending(), metadata: { name: 'web-1', uid: 'old' } } as Pod;
    expect(pinnedPending(view(old, hostIs('lab-n1')), victim)).to.equal(undefined);
  });
});
