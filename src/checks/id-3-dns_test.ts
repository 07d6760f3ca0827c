import { expect } from 'chai';
import { TimelineBuilder } from '../timeline/testing/builder.ts';
import { id3Dns } from './id-3-dns.ts';
import { run } from './testing/run.ts';

/** web-1 replaced at 10 s (new IP, Ready at 12 s); DNS samples of web-1 every 10 s from 5 s, returning `answer(t)`. */
function dns(answer: (t: number, oldIp: string, newIp: string) => string, ok = true) {
  const b = new TimelineBuilder().steadyState();
  const oldIp = b.ipOf(1);
  b.at(5).sample('dns', 1, oldIp);
  b.at(10).podDeleted(1).podCreated(1, { node: 'n1' });
  const newIp = b.ipOf(1);
  b.at(12).podReady(1);
  for (let t = 20; t <= 120; t += 10) b.at(t).sample('dns', 1, answer(t, oldIp, newIp), ok);
  return b.build(130);
}

describe('ID-3 DNS', () => {
  it('passes when the name follows the new pod IP within the budget', () => {
    const r = run(
      id3Dns,
      dns((t, oldIp, newIp) => (t < 40 ? oldIp : newIp)),
    );
    expect(r.status, r.reason).to.equal('pass');
    expect(r.measurements?.slowestMs).to.equal(28_000);
  });

  it('passes on a sample that resolved to the new pod IP soon after Ready (sts-chaos samples right after recovery)', () => {
    const b = new TimelineBuilder().steadyState();
    b.at(10).podDeleted(1).podCreated(1, { node: 'n1' });
    const newIp = b.ipOf(1);
    b.at(12).podReady(1).at(13).sample('dns', 1, newIp);
    const r = run(id3Dns, b.build(20));
    expect(r.status, r.reason).to.equal('pass');
  });

  it('skips, saying why, when no name could be resolved at all, whatever the timeline holds', () => {
    const r = run(
      id3Dns,
      dns((t, oldIp, newIp) => (t < 100 ? oldIp : newIp)),
      {
        dnsUnsampled:
          'no pod of the target could resolve names (web-0: app: neither getent nor nslookup in its image)',
      },
    );
    expect(r.status).to.equal('skip');
    expect(r.reason).to.match(
      /^DNS was not sampled: no pod of the target could resolve names \(web-0: app: neither/,
    );
  });

  it('fails naming the pod and what it last resolved to when the name still resolves to the old IP after the budget', () => {
    const r = run(
      id3Dns,
      dns((t, oldIp, newIp) => (t < 100 ? oldIp : newIp)),
    );
    expect(r.status).to.equal('fail');
    expect(r.reason)
      .to.contain('web-1.web-h.ns.svc resolved to "10.0.1.1" at 12:01:30.000Z')
      .and.contain('2 answers after the budget were wrong, this is the last')
      .and.contain('after web-1 (uid uid-web-1-2) was Ready with IP 10.0.1.2');
  });

  it('names the peer and the tool the wrong answer came from', () => {
    const b = new TimelineBuilder().steadyState();
    b.at(10).podDeleted(1).podCreated(1, { node: 'n1' });
    b.at(12).podReady(1);
    b.at(80).sample('dns', 1, "server can't find web-1: NXDOMAIN", false, { via: 'web-0/app (nslookup)' });
    const r = run(id3Dns, b.build(90));
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain(
      "did not resolve (server can't find web-1: NXDOMAIN) from web-0/app (nslookup) at",
    );
  });

  it('fails when the name stops resolving while the pod is Ready', () => {
    const r = run(
      id3Dns,
      dns(() => 'NXDOMAIN', false),
    );
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain('web-1.web-h.ns.svc did not resolve (NXDOMAIN)');
  });

  it('skips without DNS samples', () => {
    const r = run(id3Dns, new TimelineBuilder().steadyState().build());
    expect(r.status).to.equal('skip');
    expect(r.reason).to.equal('no DNS samples were recorded in this step');
  });

  it('a timeline without evidence gives skip: DNS sampled only within the budget after Ready', () => {
    // web-1 Ready at 1 s; every sample is before 1 s + dnsBudget, where a wrong answer is allowed.
    const b = new TimelineBuilder().steadyState();
    for (let t = 5; t <= 30; t += 5) b.at(t).sample('dns', 1, 'NXDOMAIN', false);
    const r = run(id3Dns, b.build(40));
    expect(r.status, r.reason).to.equal('skip');
    expect(r.reason).to.contain('later than the DNS budget');
  });
});
