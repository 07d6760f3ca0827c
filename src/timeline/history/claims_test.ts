import { expect } from 'chai';
import { derive } from '../derive.ts';
import { TimelineBuilder, ts } from '../testing/builder.ts';

describe('claim incarnations', () => {
  it('tracks claims, their volumes and their recreation', () => {
    const b = new TimelineBuilder()
      .at(0)
      .claimBound('data-web-0', 'pv-a')
      .at(1)
      .claimTerminating('data-web-0')
      .at(2)
      .claimDeleted('data-web-0')
      .at(3)
      .claimBound('data-web-0', 'pv-b')
      .at(4)
      .claimRebound('data-web-0', 'pv-c')
      .claimBound('unrelated-claim');
    const d = derive(b.build());
    const list = d.claims.get('data-web-0') ?? [];
    expect(list).to.have.length(2);
    expect(list[0]).to.include({
      volumeName: 'pv-a',
      deletionRequestedAt: ts(1),
      deletedAt: ts(2),
      ordinal: 0,
    });
    expect(list[1]?.volumeChanges).to.deep.equal([{ at: ts(4), from: 'pv-b', to: 'pv-c' }]);
    expect(d.claims.has('unrelated-claim')).to.equal(false);
  });
});
