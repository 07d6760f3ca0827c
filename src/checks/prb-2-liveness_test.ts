import { expect } from 'chai';
import { TimelineBuilder } from '../timeline/testing/builder.ts';
import { prb2Liveness } from './prb-2-liveness.ts';
import { run } from './testing/run.ts';

const liveness = { ordinal: 1, details: { probe: 'liveness' } };

function broken(during: (b: TimelineBuilder) => void): TimelineBuilder {
  const b = new TimelineBuilder().steadyState().at(10).faultStart('probe-breakage', liveness);
  during(b);
  return b.at(26).faultEnd('probe-breakage', liveness);
}

describe('PRB-2 liveness', () => {
  it('passes when the container restarts in the same pod and the pod is Ready again', () => {
    const r = run(
      prb2Liveness,
      broken((b) => b.at(25).podRestarted(1))
        .at(30)
        .podReady(1)
        .build(60),
    );
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.contain(
      'web-1 (uid uid-web-1-1) container app restarted at 12:00:25.000Z (+25s) (restartCount +1)',
    );
    expect(r.measurements).to.deep.equal({ breaks: 1, restarts: 1 });
  });

  it('fails naming the pod that was not restarted', () => {
    const r = run(prb2Liveness, broken(() => {}).build(600));
    expect(r.status).to.equal('fail');
    expect(r.reason)
      .to.contain('liveness probe of web-1 (uid uid-web-1-1)')
      .and.contain('no container was restarted');
  });

  it('fails naming the new pod when the pod was replaced instead', () => {
    const r = run(prb2Liveness, broken((b) => b.at(25).podDeleted(1).podUp(1, 'n2')).build(60));
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain('replaced by web-1 (uid uid-web-1-2) instead of restarting its container');
  });

  it('skips without a liveness break', () => {
    expect(run(prb2Liveness, new TimelineBuilder().steadyState().build()).status).to.equal('skip');
  });

  it('a timeline without evidence gives skip: the liveness break hit no pod', () => {
    const tl = new TimelineBuilder()
      .steadyState()
      .at(10)
      .podDeleted(2)
      .faultStart('probe-breakage', { ordinal: 2, details: { probe: 'liveness' } })
      .build(60);
    const r = run(prb2Liveness, tl);
    expect(r.status, r.reason).to.equal('skip');
    expect(r.reason).to.contain('web-2 had no pod');
  });
});
