import { expect } from 'chai';
import { pinnedNodes } from './volume-pinning.ts';

const term = (...m: { key: string; operator: string; values?: string[] }[]) => ({ matchExpressions: m });
const host = (...values: string[]) => ({ key: 'kubernetes.io/hostname', operator: 'In', values });

describe('volumes pinned to nodes', () => {
  it('reads the hostnames of a local volume (local-path, local PVs)', () => {
    expect(pinnedNodes({ required: { nodeSelectorTerms: [term(host('lab-n1'))] } })).to.deep.equal([
      'lab-n1',
    ]);
    expect(
      pinnedNodes({ required: { nodeSelectorTerms: [term(host('b')), term(host('a', 'b'))] } }),
    ).to.deep.equal(['a', 'b']);
    const both = term(host('a', 'b'), host('b', 'c'));
    expect(pinnedNodes({ required: { nodeSelectorTerms: [both] } })).to.deep.equal(['b']);
  });

  it('is not pinned without affinity, or when a term limits only the zone (the volume follows within it)', () => {
    expect(pinnedNodes(undefined)).to.equal(undefined);
    expect(pinnedNodes({ required: { nodeSelectorTerms: [] } })).to.equal(undefined);
    const zone = { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['z1'] };
    expect(pinnedNodes({ required: { nodeSelectorTerms: [term(zone)] } })).to.equal(undefined);
    expect(pinnedNodes({ required: { nodeSelectorTerms: [term(host('a')), term(zone)] } })).to.equal(
      undefined,
    );
    const notIn = { key: 'kubernetes.io/hostname', operator: 'NotIn', values: ['a'] };
    expect(pinnedNodes({ required: { nodeSelectorTerms: [term(notIn)] } })).to.equal(undefined);
  });
});
