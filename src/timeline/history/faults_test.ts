import { expect } from 'chai';
import { derive } from '../derive.ts';
import { TimelineBuilder, ts } from '../testing/builder.ts';

describe('fault spans and marks', () => {
  it('pairs fault marks and collects samples', () => {
    const b = new TimelineBuilder()
      .at(0)
      .faultStart('node-loss', { details: { node: 'n2', containersLeftRunning: true } })
      .faultStart('pod-kill', { ordinal: 1 })
      .at(1)
      .faultEnd('pod-kill', { ordinal: 1 })
      .at(5)
      .faultEnd('node-loss', { node: 'n2' })
      .at(6)
      .revert('node-loss')
      .podUp(0)
      .sample('role', 0, 'primary');
    const d = derive(b.build());
    expect(d.faults.map((f) => [f.fault, f.node, f.endedAt, f.revertedAt])).to.deep.equal([
      ['node-loss', 'n2', ts(5), ts(6)],
      ['pod-kill', undefined, ts(1), undefined],
    ]);
    expect(d.samples.role).to.have.length(1);
    expect(d.marks).to.have.length(5);
  });
});
