import { expect } from 'chai';
import { TimelineBuilder } from '../timeline/testing/builder.ts';
import { prb1Readiness } from './prb-1-readiness.ts';
import { run } from './testing/run.ts';

const readiness = { ordinal: 1, details: { probe: 'readiness' } };

/** Readiness of web-1 broken at 10 s and healed at 30 s. */
function broken(during: (b: TimelineBuilder) => void, after: (b: TimelineBuilder) => void): TimelineBuilder {
  const b = new TimelineBuilder().steadyState().at(10).faultStart('probe-breakage', readiness);
  during(b);
  b.at(30).faultEnd('probe-breakage', readiness);
  after(b);
  return b;
}

const unready = (b: TimelineBuilder) => b.at(20).podUnready(1).at(20.2).endpoints('web-h', [0, 2], [1]);
const back = (b: TimelineBuilder) => b.at(35).podReady(1).at(35.2).endpoints('web-h', [0, 1, 2]);

describe('PRB-1 readiness', () => {
  it('passes when the pod leaves the ready endpoints without a restart and comes back as itself', () => {
    const r = run(prb1Readiness, broken(unready, back).build(60));
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason)
      .to.contain('web-1 (uid uid-web-1-1) unready at 12:00:20.000Z')
      .and.contain('out of the ready endpoints of Service web-h');
  });

  it('judges every Service that selects the pod, and names the one that publishes not-ready addresses', () => {
    const b = new TimelineBuilder()
      .steadyState()
      .service({ name: 'web-read' })
      .endpoints('web-read', [0, 1, 2])
      .service({ name: 'web-peers', publishNotReadyAddresses: true })
      .endpoints('web-peers', [0, 1, 2])
      .at(10)
      .faultStart('probe-breakage', readiness)
      .at(20)
      .podUnready(1)
      .at(20.2)
      .endpoints('web-h', [0, 2], [1])
      .endpoints('web-peers', [0, 2], [1]);
    // web-read still lists web-1 as ready: a violation of PRB-1 on that Service.
    b.at(30).faultEnd('probe-breakage', readiness).at(35).podReady(1).at(35.2).endpoints('web-h', [0, 1, 2]);
    const r = run(prb1Readiness, b.build(60));
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain('stayed a ready endpoint of Service web-read');
    const healthy = new TimelineBuilder()
      .steadyState()
      .service({ name: 'web-peers', publishNotReadyAddresses: true })
      .endpoints('web-peers', [0, 1, 2])
      .at(10)
      .faultStart('probe-breakage', readiness)
      .at(20)
      .podUnready(1)
      .at(20.2)
      .endpoints('web-h', [0, 2], [1])
      .at(30)
      .faultEnd('probe-breakage', readiness)
      .at(35)
      .podReady(1)
      .at(35.2)
      .endpoints('web-h', [0, 1, 2])
      .build(60);
    const h = run(prb1Readiness, healthy);
    expect(h.status, h.reason).to.equal('pass');
    expect(h.reason).to.contain('endpoints not judged for web-peers (publishNotReadyAddresses');
  });

  it('fails naming the pod restarted by a readiness failure', () => {
    const r = run(prb1Readiness, broken((b) => unready(b).at(25).podRestarted(1), back).build(60));
    expect(r.status).to.equal('fail');
    expect(r.reason)
      .to.contain('readiness probe of web-1 (uid uid-web-1-1)')
      .and.contain('container app was restarted');
  });

  it('fails when the pod stays Ready, stays an endpoint, or does not come back', () => {
    const stayed = run(
      prb1Readiness,
      broken(
        () => {},
        () => {},
      ).build(60),
    );
    expect(stayed.reason).to.contain('web-1').and.contain('stayed Ready');
    const listed = run(
      prb1Readiness,
      broken(
        (b) => b.at(20).podUnready(1),
        (b) => b.at(35).podReady(1),
      ).build(60),
    );
    expect(listed.status).to.equal('fail');
    expect(listed.reason).to.contain('web-1 stayed a ready endpoint of Service web-h');
    const gone = run(prb1Readiness, broken(unready, () => {}).build(600));
    expect(gone.status).to.equal('fail');
    expect(gone.reason).to.contain('web-1 was not Ready again by the end of the run');
  });

  it('skips without a readiness break', () => {
    const liveness = new TimelineBuilder()
      .steadyState()
      .at(10)
      .faultStart('probe-breakage', { ordinal: 1, details: { probe: 'liveness' } });
    expect(run(prb1Readiness, liveness.build()).status).to.equal('skip');
  });

  it('a timeline without evidence gives skip: the readiness break hit no pod', () => {
    const tl = new TimelineBuilder()
      .steadyState()
      .at(10)
      .faultStart('probe-breakage', { details: { probe: 'readiness' } })
      .at(30)
      .faultEnd('probe-breakage', { details: { probe: 'readiness' } })
      .build(60);
    const r = run(prb1Readiness, tl);
    expect(r.status, r.reason).to.equal('skip');
    expect(r.reason).to.contain('names no ordinal');
  });
});
