import { expect } from 'chai';
import { TimelineBuilder } from '../timeline/testing/builder.ts';
import { sb1OnePodPerOrdinal } from './sb-1-one-pod-per-ordinal.ts';
import { run } from './testing/run.ts';

describe('SB-1 one pod per ordinal', () => {
  it('passes when each replacement appears only after the old pod object is gone', () => {
    const tl = new TimelineBuilder()
      .steadyState()
      .at(10)
      .podTerminating(1)
      .at(12)
      .podDeleted(1)
      .podUp(1, 'n1')
      .build();
    const r = run(sb1OnePodPerOrdinal, tl);
    expect(r.status, r.reason).to.equal('pass');
    expect(r.measurements).to.deep.equal({ ordinals: 3, incarnations: 4 });
  });

  it('fails naming both pods when two objects of one name exist at once, both Ready', () => {
    // The builder's podCreated does not delete the previous incarnation: a second web-1 appears beside it.
    const tl = new TimelineBuilder().steadyState().at(10).podUp(1, 'n1').build();
    const r = run(sb1OnePodPerOrdinal, tl);
    expect(r.status).to.equal('fail');
    expect(r.reason)
      .to.contain(
        'two pod objects named web-1 existed at once: web-1 (uid uid-web-1-2) appeared at 12:00:10.000Z',
      )
      .and.contain('web-1 (uid uid-web-1-1) was never deleted');
    expect(r.reason).to.contain('two incarnations of web-1 were Running and Ready at once');
  });

  it('skips without pods', () => {
    expect(run(sb1OnePodPerOrdinal, new TimelineBuilder().build()).status).to.equal('skip');
  });

  it('a timeline without evidence gives skip: no ordinal was replaced, so no two pods could overlap', () => {
    const r = run(sb1OnePodPerOrdinal, new TimelineBuilder().steadyState().build(30));
    expect(r.status, r.reason).to.equal('skip');
    expect(r.reason).to.contain('no pod was replaced');
  });
});
