import { expect } from 'chai';
import { TimelineBuilder, ts } from '../timeline/testing/builder.ts';
import { ord1OrderedCreation } from './ord-1-ordered-creation.ts';
import { run } from './testing/run.ts';

/** web-0 and web-1 deleted at 10 s; web-0 back and Ready at 15 s; web-1 created at `web1At`. */
function recovery(web1At: number) {
  const b = new TimelineBuilder().steadyState().at(10).podDeleted(0).podDeleted(1);
  b.at(11).podCreated(0, { node: 'n1' }).at(15).podReady(0);
  b.at(web1At)
    .podCreated(1, { node: 'n2' })
    .at(web1At + 3)
    .podReady(1);
  return b.build(30);
}

describe('ORD-1 ordered creation', () => {
  it('passes when each pod is created after every lower ordinal is Ready', () => {
    const r = run(ord1OrderedCreation, recovery(16));
    expect(r.status, r.reason).to.equal('pass');
    expect(r.measurements?.creations).to.equal(3); // web-1 and web-2 at scale-up, web-1 again
  });

  it('fails naming the pod created before the one below it was Ready', () => {
    const r = run(ord1OrderedCreation, recovery(12));
    expect(r.status).to.equal('fail');
    expect(r.reason)
      .to.contain('web-1 (uid uid-web-1-2) was created at 12:00:12.000Z')
      .and.contain('web-0 (uid uid-web-0-2) was not Ready yet');
  });

  it('treats a terminating lower ordinal as not Ready', () => {
    const tl = new TimelineBuilder()
      .steadyState()
      .at(10)
      .podTerminating(0)
      .podDeleted(2)
      .podUp(2, 'n1')
      .build();
    const r = run(ord1OrderedCreation, tl);
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain('web-2').and.contain('web-0 (uid uid-web-0-1) was terminating');
  });

  it('skips under Parallel, and when no pod above the first was created', () => {
    const parallel = run(
      ord1OrderedCreation,
      new TimelineBuilder({ podManagementPolicy: 'Parallel' }).steadyState().build(),
    );
    expect(parallel.status).to.equal('skip');
    expect(parallel.reason).to.contain('Parallel');
    const old = new TimelineBuilder()
      .at(0)
      .podUp(0, 'n1', { preexisting: true })
      .podUp(1, 'n1', { preexisting: true });
    expect(run(ord1OrderedCreation, old.build()).status).to.equal('skip');
  });

  it('a timeline without evidence gives skip: only the first ordinal was created in the window', () => {
    const tl = new TimelineBuilder().steadyState().at(10).podDeleted(0).at(11).podUp(0, 'n1').build(20);
    const r = run(ord1OrderedCreation, tl, {}, { from: ts(5), to: ts(20) });
    expect(r.status, r.reason).to.equal('skip');
    expect(r.reason).to.contain('no pod of an ordinal above 0 was created');
  });
});
