import { expect } from 'chai';
import { TimelineBuilder } from '../timeline/testing/builder.ts';
import { ord2OrderedTermination } from './ord-2-ordered-termination.ts';
import { run } from './testing/run.ts';

describe('ORD-2 ordered termination', () => {
  it('passes when scale-down removes the highest ordinal first, one at a time', () => {
    const tl = new TimelineBuilder({ replicas: 4 })
      .steadyState()
      .at(10)
      .statefulSet({ replicas: 2 })
      .at(10.5)
      .podTerminating(3)
      .at(12)
      .podDeleted(3)
      .at(12.5)
      .podTerminating(2)
      .at(14)
      .podDeleted(2)
      .build(20);
    const r = run(ord2OrderedTermination, tl);
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.contain('4→2 removed web-3, web-2');
  });

  it('fails naming the pod deleted while a higher one still existed', () => {
    const tl = new TimelineBuilder({ replicas: 4 })
      .steadyState()
      .at(10)
      .statefulSet({ replicas: 2 })
      .at(10.5)
      .podTerminating(3)
      .at(11)
      .podTerminating(2)
      .at(12)
      .podDeleted(3)
      .podDeleted(2)
      .build(20);
    const r = run(ord2OrderedTermination, tl);
    expect(r.status).to.equal('fail');
    expect(r.reason)
      .to.contain('deletion of web-2 (uid uid-web-2-1) was requested at 12:00:11.000Z')
      .and.contain('web-3');
  });

  it('skips under Parallel and without a scale-down', () => {
    expect(run(ord2OrderedTermination, new TimelineBuilder().steadyState().build()).reason).to.contain(
      'no scale-down',
    );
    const parallel = new TimelineBuilder({ podManagementPolicy: 'Parallel' })
      .steadyState()
      .at(5)
      .statefulSet({ replicas: 1 });
    const r = run(ord2OrderedTermination, parallel.build());
    expect(r.status).to.equal('skip');
    expect(r.reason).to.contain('Parallel');
  });

  it('a timeline without evidence gives skip: a scale-down that removed one pod has no order to judge', () => {
    const tl = new TimelineBuilder()
      .steadyState()
      .at(10)
      .statefulSet({ replicas: 2 })
      .at(10.5)
      .podTerminating(2)
      .at(12)
      .podDeleted(2)
      .build(20);
    const r = run(ord2OrderedTermination, tl);
    expect(r.status, r.reason).to.equal('skip');
    expect(r.reason).to.contain('fewer than two pods');
  });
});
