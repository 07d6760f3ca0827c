import { expect } from 'chai';
import { TimelineBuilder } from '../timeline/testing/builder.ts';
import { ord4HaltOnUnhealthy } from './ord-4-halt-on-unhealthy.ts';
import { run } from './testing/run.ts';

function scaleUpWhileUnready(newPodAt: number) {
  return new TimelineBuilder()
    .steadyState()
    .at(10)
    .podUnready(1)
    .at(11)
    .statefulSet({ replicas: 5 })
    .at(20)
    .podReady(1)
    .at(newPodAt)
    .podUp(3, 'n1')
    .at(newPodAt + 1)
    .podUp(4, 'n2')
    .build(40);
}

describe('ORD-4 halt on unhealthy', () => {
  it('passes when no new pod is made until the unready one is Ready again', () => {
    const r = run(ord4HaltOnUnhealthy, scaleUpWhileUnready(21));
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason)
      .to.contain('web-1 (uid uid-web-1-1) was not Ready since')
      .and.contain('first new pod only at 12:00:21.000Z');
  });

  it('fails naming the new pod created while a lower ordinal was unready', () => {
    const r = run(ord4HaltOnUnhealthy, scaleUpWhileUnready(12));
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain('web-3 (uid uid-web-3-1) was created at 12:00:12.000Z').and.contain('web-1');
  });

  it('skips when every pod was Ready at scale-up, without scale-up, and under Parallel', () => {
    const healthy = new TimelineBuilder()
      .steadyState()
      .at(10)
      .statefulSet({ replicas: 4 })
      .at(11)
      .podUp(3)
      .build();
    expect(run(ord4HaltOnUnhealthy, healthy).reason).to.contain(
      'no scale-up happened while a pod was unready',
    );
    expect(run(ord4HaltOnUnhealthy, new TimelineBuilder().steadyState().build()).status).to.equal('skip');
    const parallel = new TimelineBuilder({ podManagementPolicy: 'Parallel' }).steadyState().build();
    expect(run(ord4HaltOnUnhealthy, parallel).reason).to.contain('Parallel');
  });

  it('a timeline without evidence gives skip: scale-up while unready but no new pod created in the window', () => {
    const tl = new TimelineBuilder()
      .steadyState()
      .at(10)
      .podUnready(1)
      .at(11)
      .statefulSet({ replicas: 5 })
      .build(15);
    const r = run(ord4HaltOnUnhealthy, tl);
    expect(r.status, r.reason).to.equal('skip');
    expect(r.reason).to.contain('no new pod was created');
  });
});
