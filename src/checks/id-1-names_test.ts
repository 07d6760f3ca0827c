import { expect } from 'chai';
import { TimelineBuilder, ts } from '../timeline/testing/builder.ts';
import type { Entry } from '../timeline/types.ts';
import { id1Names } from './id-1-names.ts';
import { deleteRecreate } from './testing/recreate.ts';
import { run } from './testing/run.ts';

describe('ID-1 names and count', () => {
  it('passes when exactly the ordinals of the spec exist', () => {
    const tl = new TimelineBuilder().steadyState().at(10).podDeleted(1).at(12).podUp(1, 'n2').build(20);
    const r = run(id1Names, tl);
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.contain('exactly web-0..web-2 exist');
  });

  it('fails naming a missing ordinal and its last state', () => {
    const tl = new TimelineBuilder().steadyState().at(10).podTerminating(2).at(11).podDeleted(2).build(60);
    const r = run(id1Names, tl);
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain('web-2').and.contain('uid-web-2-1').and.contain('deleted at 12:00:11.000Z');
  });

  it('fails naming a pod beyond the replicas', () => {
    const tl = new TimelineBuilder().steadyState().at(10).statefulSet({ replicas: 2 }).build(30);
    const r = run(id1Names, tl);
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain('web-2 (uid uid-web-2-1) exists').and.contain('replicas 2');
  });

  it('fails on a pod of the StatefulSet with a foreign name', () => {
    const b = new TimelineBuilder().steadyState();
    const tl = b.build();
    const pod = tl.entries.find((e) => e.kind === 'object' && e.resource === 'Pod');
    const foreign = { ...pod, seq: 10_000, name: 'web-x', uid: 'uid-x' } as Entry;
    const r = run(id1Names, { ...tl, entries: [...tl.entries, foreign] });
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain('web-x');
  });

  it('skips without pods, and after the StatefulSet was deleted', () => {
    expect(run(id1Names, new TimelineBuilder().at(0).statefulSet().build(5)).status).to.equal('skip');
    const r = run(id1Names, new TimelineBuilder().steadyState().at(5).statefulSetDeleted().build(9));
    expect(r.status).to.equal('skip');
    expect(r.reason).to.contain('deleted');
  });

  it('judges a StatefulSet deleted and created again: its pods back, in this window and in later ones', () => {
    const b = deleteRecreate();
    const r = run(id1Names, b.build(25));
    expect(r.status, r.reason).to.equal('pass');
    const later = b.at(40).podTerminating(0).at(41).podDeleted(0).build(60);
    const missing = run(id1Names, later, {}, { from: ts(30), to: ts(60) });
    expect(missing.status).to.equal('fail');
    expect(missing.reason).to.contain('web-0');
    // Deleted and not created again by the end: skipped.
    const gone = run(id1Names, deleteRecreate({ created: false }).build(25));
    expect(gone.reason).to.contain('was deleted at 12:00:10.000Z (+10s)');
  });

  it('a timeline without evidence gives skip: no pod recorded', () => {
    const r = run(id1Names, new TimelineBuilder().at(0).service().statefulSet().build(30));
    expect(r.status, r.reason).to.equal('skip');
    expect(r.reason).to.contain('no pod');
  });
});
