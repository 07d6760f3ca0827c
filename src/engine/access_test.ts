import { expect } from 'chai';
import { FAULT_IDS } from '../config/types.ts';
import { needsOf } from './access.ts';

const key = (n: ReturnType<typeof needsOf>[number]) =>
  `${n.verb} ${n.resource}${n.subresource ? `/${n.subresource}` : ''}${n.name ? ` ${n.name}` : ''}`;

describe('needsOf', () => {
  it('asks for the recorder, exec, the ledger and the Lease whatever the faults', () => {
    expect(needsOf([]).map(key)).to.deep.equal([
      'watch statefulsets {target}',
      'watch pods',
      'create pods/exec',
      'create configmaps',
      'create leases',
    ]);
  });

  it('adds only what the selected faults need, each once', () => {
    const keys = needsOf(['pod-kill', 'claim-deletion', 'node-cordon']).map(key);
    expect(keys).to.include.members([
      'delete pods',
      'delete persistentvolumeclaims',
      'patch nodes',
      'watch nodes',
      'watch volumeattachments',
    ]);
    expect(keys.filter((k) => k === 'delete pods')).to.have.length(1);
    expect(keys).to.not.include('create pods/eviction');
    expect(needsOf(['node-drain']).map(key)).to.include('create pods/eviction');
    expect(needsOf(['scale']).map(key)).to.include('patch statefulsets/scale {target}');
    expect(
      needsOf(['node-loss'])
        .filter((n) => n.cluster)
        .map(key),
    ).to.deep.equal(['watch nodes', 'watch volumeattachments']);
    expect(needsOf(['node-drain']).find((n) => n.resource === 'volumeattachments')?.group).to.equal(
      'storage.k8s.io',
    );
  });

  it('asks nothing cluster-scoped without a node fault', () => {
    const pod = FAULT_IDS.filter((f) => !f.startsWith('node-'));
    expect(needsOf(pod).filter((n) => n.cluster)).to.deep.equal([]);
  });
});
