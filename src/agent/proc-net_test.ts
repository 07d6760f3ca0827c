import { expect } from 'chai';
import { hexAddress, listeningSockets, servesAddress } from './proc-net.ts';

describe('proc-net', () => {
  it('reads IPv4 and IPv6 addresses as the kernel prints them (32-bit words, little-endian)', () => {
    expect(hexAddress('0100007F')).to.equal('127.0.0.1');
    expect(hexAddress('0B0012C6')).to.equal('198.18.0.11');
    expect(hexAddress('00000000')).to.equal('0.0.0.0');
    expect(hexAddress('00000000000000000000000000000000')).to.equal('::');
    expect(hexAddress('0000000000000000FFFF00000B0012C6')).to.equal('::ffff:198.18.0.11');
  });

  it('keeps the listening sockets only, with port and inode', () => {
    const text = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0B0012C6:280A 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0 100 0 0 10 0',
      '   1: 0B0012C6:280A 0A0012C6:C350 01 00000000:00000000 00:00000000 00000000     0        0 4343 1 0 100 0 0 10 0',
    ].join('\n');
    expect(listeningSockets(text)).to.deep.equal([{ address: '198.18.0.11', port: 10250, inode: '4242' }]);
  });

  it('a socket on any address serves every node address', () => {
    expect(servesAddress('0.0.0.0', '10.0.0.5')).to.equal(true);
    expect(servesAddress('::', '10.0.0.5')).to.equal(true);
    expect(servesAddress('10.0.0.6', '10.0.0.5')).to.equal(false);
  });
});
