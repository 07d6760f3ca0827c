import { expect } from 'chai';
import { TimelineBuilder, ts } from '../timeline/testing/builder.ts';
import { id2Hostname } from './id-2-hostname.ts';
import { run } from './testing/run.ts';

describe('ID-2 hostname and subdomain', () => {
  it('passes when every incarnation has hostname S-i and subdomain H, and H is headless', () => {
    const tl = new TimelineBuilder().steadyState().at(10).podDeleted(0).podUp(0, 'n2').build();
    const r = run(id2Hostname, tl);
    expect(r.status, r.reason).to.equal('pass');
    expect(r.measurements?.incarnations).to.equal(4);
  });

  it('fails naming the pod with a wrong hostname or subdomain', () => {
    const tl = new TimelineBuilder()
      .steadyState()
      .at(10)
      .podDeleted(1)
      .podUp(1, 'n2', { hostname: 'web-9', subdomain: 'other' })
      .build();
    const r = run(id2Hostname, tl);
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain('web-1 (uid uid-web-1-2)').and.contain('"web-9"').and.contain('"other"');
  });

  it('fails when the governing Service is missing or not headless', () => {
    const missing = new TimelineBuilder().at(0).podUp(0).build();
    expect(run(id2Hostname, missing).reason).to.contain('web-h was not seen');
    const notHeadless = new TimelineBuilder().at(0).service({ headless: false }).podUp(0).build();
    const r = run(id2Hostname, notHeadless);
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain('not headless');
  });

  it('skips without pods', () => {
    expect(run(id2Hostname, new TimelineBuilder().at(0).service().build()).status).to.equal('skip');
  });

  it('a timeline without evidence gives skip: no pod lived in the window', () => {
    const tl = new TimelineBuilder().steadyState().at(10).podDeleted(0).podDeleted(1).podDeleted(2).build(60);
    const r = run(id2Hostname, tl, {}, { from: ts(20), to: ts(60) });
    expect(r.status, r.reason).to.equal('skip');
    expect(r.reason).to.contain('no pod');
  });
});
