import { expect } from 'chai';
import { TimelineBuilder, ts } from '../timeline/testing/builder.ts';
import { id4Labels } from './id-4-labels.ts';
import { run } from './testing/run.ts';

describe('ID-4 labels', () => {
  it('passes when pod-name and pod-index match the ordinal', () => {
    const r = run(id4Labels, new TimelineBuilder().steadyState().build());
    expect(r.status, r.reason).to.equal('pass');
  });

  it('fails naming the pod whose labels are wrong or missing', () => {
    const tl = new TimelineBuilder()
      .steadyState()
      .at(5)
      .podDeleted(2)
      .podUp(2, 'n1', { labels: { 'apps.kubernetes.io/pod-index': '7' } })
      .podPatch(0, (p) => {
        delete p.labels['statefulset.kubernetes.io/pod-name'];
      })
      .build();
    const r = run(id4Labels, tl);
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain('web-2 (uid uid-web-2-2)').and.contain('pod-index="7"');
    expect(r.reason).to.contain('web-0').and.contain('(missing)');
  });

  it('skips without pods', () => {
    expect(run(id4Labels, new TimelineBuilder().build()).status).to.equal('skip');
  });

  it('a timeline without evidence gives skip: no pod lived in the window', () => {
    const tl = new TimelineBuilder().steadyState().at(10).podDeleted(0).podDeleted(1).podDeleted(2).build(60);
    const r = run(id4Labels, tl, {}, { from: ts(20), to: ts(60) });
    expect(r.status, r.reason).to.equal('skip');
    expect(r.reason).to.contain('no pod');
  });
});
