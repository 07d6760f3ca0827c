import { expect } from 'chai';
import { derive } from '../derive.ts';
import { expectedOrdinals, specAt } from '../queries.ts';
import { TimelineBuilder, ts } from '../testing/builder.ts';

describe('StatefulSet history', () => {
  it('records StatefulSet spec changes and falls back to the target', () => {
    const plain = derive(new TimelineBuilder({ replicas: 4 }).build());
    expect(specAt(plain, ts(0)).replicas).to.equal(4);
    const b = new TimelineBuilder()
      .at(0)
      .statefulSet()
      .at(10)
      .statefulSet({ replicas: 5 })
      .at(11)
      .statefulSet();
    const d = derive(b.build());
    expect(d.statefulSet.specs.map((s) => s.spec.replicas)).to.deep.equal([3, 5]);
    expect(specAt(d, ts(5)).replicas).to.equal(3);
    expect(expectedOrdinals(specAt(d, ts(10)))).to.deep.equal([0, 1, 2, 3, 4]);
  });
});
