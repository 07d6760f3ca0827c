import { expect } from 'chai';
import { parseGetent, parseNslookup } from './lookup-output.ts';

describe('lookup output', () => {
  it('getent ahosts: every address once, A and AAAA', () => {
    const out = [
      '10.1.2.3        STREAM web-0.web.ns.svc.cluster.local',
      '10.1.2.3        DGRAM  ',
      '10.1.2.3        RAW    ',
      'fd00::5         STREAM ',
      '',
    ].join('\n');
    expect(parseGetent(out, 0)).to.deep.equal({ addresses: ['10.1.2.3', 'fd00::5'] });
  });

  it('getent ahosts: exit 2 is not found', () => {
    expect(parseGetent('', 2)).to.deep.equal({ addresses: [], error: 'not found (getent exit 2)' });
  });

  it('busybox nslookup: the server address is not an answer; A and AAAA after Name', () => {
    const out = [
      'Server:\t\t198.19.0.10',
      'Address:\t198.19.0.10:53',
      '',
      'Name:\tweb-0.web.ns.svc.cluster.local',
      'Address: 198.18.128.3',
      '',
      'Name:\tweb-0.web.ns.svc.cluster.local',
      'Address: fd00::3',
    ].join('\n');
    expect(parseNslookup(out, 0)).to.deep.equal({ addresses: ['198.18.128.3', 'fd00::3'] });
  });

  it('old busybox nslookup: "Address 1: ADDR NAME"', () => {
    const out =
      'Server:    10.0.0.10\nAddress 1: 10.0.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      web-1.web\nAddress 1: 10.1.0.7 web-1.web.ns.svc.cluster.local\n';
    expect(parseNslookup(out, 0)).to.deep.equal({ addresses: ['10.1.0.7'] });
  });

  it('nslookup: NXDOMAIN is an error in its own words, never the server address', () => {
    const out =
      "Server:\t\t198.19.0.10\nAddress:\t198.19.0.10:53\n\n** server can't find peers-1.peers.ns.svc.cluster.local: NXDOMAIN\n";
    const a = parseNslookup(out, 1);
    expect(a.addresses).to.deep.equal([]);
    expect(a.error).to.equal("server can't find peers-1.peers.ns.svc.cluster.local: NXDOMAIN");
  });

  it('nslookup: a timeout says so', () => {
    const a = parseNslookup(';; connection timed out; no servers could be reached\n', 1);
    expect(a.error).to.match(/timed out/);
  });
});
