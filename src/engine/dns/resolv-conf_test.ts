import { expect } from 'chai';
import { clusterDomain, searchPath } from './resolv-conf.ts';

describe('clusterDomain', () => {
  it("reads the domain from a ClusterFirst pod's search path, whatever it is", () => {
    const conf =
      'search shop.svc.corp.example svc.corp.example corp.example\nnameserver 10.0.0.10\noptions ndots:5\n';
    expect(clusterDomain(conf, 'shop')).to.equal('corp.example');
    expect(clusterDomain('search ns.svc.cluster.local svc.cluster.local cluster.local\n')).to.equal(
      'cluster.local',
    );
  });

  it('falls back to the <namespace>.svc.<domain> entry when the svc.<domain> one is missing', () => {
    expect(clusterDomain('search shop.svc.k8s.internal\n', 'shop')).to.equal('k8s.internal');
    expect(clusterDomain('search shop.svc.k8s.internal\n', 'other')).to.equal(undefined);
  });

  it('has none for a pod that does not use cluster names (dnsPolicy Default or None)', () => {
    expect(clusterDomain('nameserver 1.1.1.1\n', 'shop')).to.equal(undefined);
    expect(clusterDomain('search example.com\nnameserver 10.0.0.10\n', 'shop')).to.equal(undefined);
  });

  it('takes the last search line, without comments or trailing dots', () => {
    expect(searchPath('search a.b\n# search x.y\nsearch svc.one. one.\n')).to.deep.equal(['svc.one', 'one']);
    expect(clusterDomain('search svc.old\nsearch svc.new ; a comment\n')).to.equal('new');
  });
});
