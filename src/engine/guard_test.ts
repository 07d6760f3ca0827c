import { expect } from 'chai';
import { externalChange, stsState } from './guard.ts';

const s = (generation: number, replicas = 3, deleting = false) => ({ generation, replicas, deleting });

describe('blast-radius guard', () => {
  it('reads generation, replicas and deletion from a StatefulSet', () => {
    expect(
      stsState({
        metadata: { name: 'web', uid: 'u', generation: 4, deletionTimestamp: 'x' },
        spec: { replicas: 2 },
      }),
    ).to.deep.equal(s(4, 2, true));
    expect(stsState({ metadata: { name: 'web', uid: 'u' }, spec: {} })).to.deep.equal(s(0, 1));
  });

  it('sees nothing when only the status moved (same generation)', () => {
    expect(externalChange('ns/web', s(3), s(3), false)).to.equal(undefined);
  });

  it('names a scale by someone else, with the replica counts and generations', () => {
    expect(externalChange('ns/web', s(3), s(4, 5), false)).to.equal(
      'StatefulSet ns/web was scaled from 3 to 5 replicas by someone else during the run (generation 3 → 4)',
    );
  });

  it('names an update of the template by someone else', () => {
    expect(externalChange('ns/web', s(3), s(4), false)).to.contain('was updated (its spec changed)');
  });

  it('names a deletion, even during its own changes', () => {
    expect(externalChange('ns/web', s(3), 'deleted', true)).to.contain('was deleted by someone else');
    expect(externalChange('ns/web', s(3), s(3, 3, true), true)).to.contain('is being deleted');
  });

  it('lets the recreate suite delete and re-create the object itself', () => {
    expect(externalChange('ns/web', s(3), 'deleted', 'recreate')).to.equal(undefined);
    expect(externalChange('ns/web', s(3), s(3, 3, true), 'recreate')).to.equal(undefined);
  });

  it('lets sts-chaos make its own changes (the scale step)', () => {
    expect(externalChange('ns/web', s(3), s(4, 4), true)).to.equal(undefined);
  });
});
