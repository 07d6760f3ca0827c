import { expect } from 'chai';
import { pinnedClaims } from './pinned-volumes.ts';

const target = { name: 'web', replicas: 2, ordinalsStart: 0, claimTemplates: ['data'] };
const claim = (name: string, volumeName: string) => ({ metadata: { name }, spec: { volumeName } });
const pv = (name: string, node?: string) => ({
  metadata: { name },
  spec: node
    ? {
        nodeAffinity: {
          required: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] },
            ],
          },
        },
      }
    : {},
});

describe('the preflight warning of volumes pinned to their nodes', () => {
  it("names each claim whose volume's node affinity names its node", () => {
    const claims = [claim('data-web-0', 'pv-0'), claim('data-web-1', 'pv-1'), claim('other', 'pv-x')];
    expect(pinnedClaims(target, claims, [pv('pv-0', 'lab-n1'), pv('pv-1', 'lab-n2')])).to.deep.equal([
      'data-web-0 → lab-n1',
      'data-web-1 → lab-n2',
    ]);
  });

  it('names nothing for volumes without node affinity (network or attachable storage), or unbound claims', () => {
    const claims = [claim('data-web-0', 'pv-0'), { metadata: { name: 'data-web-1' } }];
    expect(pinnedClaims(target, claims, [pv('pv-0')])).to.deep.equal([]);
  });
});
