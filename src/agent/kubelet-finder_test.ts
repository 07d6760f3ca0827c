import { expect } from 'chai';
import { findKubelet, type ProcFs, startTimeOf } from './kubelet-finder.ts';

const HEADER =
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
const listen = (hexAddr: string, inode: string) =>
  `   0: ${hexAddr}:280A 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0 100 0 0 10 0`;
const stat = (pid: number, comm: string, start: string) =>
  `${pid} (${comm}) S 1 ${pid} ${pid} 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 12 0 ${start} 1000 10 18446744073709551615`;

/** A fake /proc: two kubelets of two nodes in one PID and network namespace (as in the lab). */
function lab(
  over: Partial<Record<string, string>> = {},
  links: Record<string, Record<string, string>> = {},
): ProcFs {
  const files: Record<string, string> = {
    '/proc/1/net/tcp': [HEADER, listen('0B0012C6', '111'), listen('0C0012C6', '222')].join('\n'),
    '/proc/1/net/tcp6': HEADER,
    '/proc/100/cmdline': '/opt/k8s/kubelet\0--hostname-override\0lab-n1\0',
    '/proc/100/stat': stat(100, 'kubelet', '5000'),
    '/proc/200/cmdline': '/opt/k8s/kubelet\0--hostname-override\0lab-n2\0',
    '/proc/200/stat': stat(200, 'kubelet', '6000'),
    '/proc/300/cmdline': 'containerd\0',
    ...over,
  } as Record<string, string>;
  const fds: Record<string, Record<string, string>> = {
    '100': { '3': 'socket:[111]', '4': '/var/log/x' },
    '200': { '3': 'socket:[222]' },
    '300': { '7': 'socket:[999]' },
    ...links,
  };
  return {
    async readFile(p) {
      const f = files[p];
      if (f === undefined) throw new Error(`ENOENT ${p}`);
      return f;
    },
    async readdir(p) {
      if (p === '/proc') return ['1', ...Object.keys(fds), 'self', 'net'];
      const m = /^\/proc\/(\d+)\/fd$/.exec(p);
      if (m && fds[m[1] as string]) return Object.keys(fds[m[1] as string] as object);
      throw new Error(`ENOENT ${p}`);
    },
    async readlink(p) {
      const m = /^\/proc\/(\d+)\/fd\/(\d+)$/.exec(p);
      const l = m ? fds[m[1] as string]?.[m[2] as string] : undefined;
      if (l === undefined) throw new Error(`ENOENT ${p}`);
      return l;
    },
  };
}

describe('findKubelet', () => {
  it("finds each node's own kubelet by its address and port, with its start time", async () => {
    expect(await findKubelet(lab(), { port: 10250, addresses: ['198.18.0.11'] })).to.deep.equal({
      pid: 100,
      startTime: '5000',
      cmdline: '/opt/k8s/kubelet --hostname-override lab-n1',
    });
    expect(await findKubelet(lab(), { port: 10250, addresses: ['198.18.0.12'] })).to.include({ pid: 200 });
  });

  it('refuses when two processes hold the listening sockets (one kubelet on any address)', async () => {
    const fs = lab(
      { '/proc/1/net/tcp': [HEADER, listen('00000000', '111')].join('\n') },
      { '200': { '3': 'socket:[111]' } },
    );
    expect(await findKubelet(fs, { port: 10250, addresses: ['198.18.0.11'] })).to.match(
      /2 processes hold .* \(100, 200\)/,
    );
  });

  it('refuses a listener whose command line is not a kubelet', async () => {
    const fs = lab({ '/proc/100/cmdline': 'socat\0TCP-LISTEN:10250\0' });
    expect(await findKubelet(fs, { port: 10250, addresses: ['198.18.0.11'] })).to.match(
      /is not a kubelet's \(socat/,
    );
  });

  it('refuses when nothing listens there', async () => {
    expect(await findKubelet(lab(), { port: 10250, addresses: ['198.18.0.13'] })).to.match(
      /no socket listens on port 10250/,
    );
  });

  it('reads the start time after a command name with spaces and parentheses', () => {
    expect(startTimeOf(stat(7, 'a (b) c', '12345'))).to.equal('12345');
  });
});
