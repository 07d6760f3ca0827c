import { listeningSockets, servesAddress } from './proc-net.ts';

/** The part of the filesystem the finder reads (the host's /proc, seen with hostPID); tests pass a fake. */
export interface ProcFs {
  readFile(path: string): Promise<string>;
  readdir(path: string): Promise<string[]>;
  readlink(path: string): Promise<string>;
}

/** The kubelet of one node, as the agent signals it: a PID that is never reused unnoticed. */
export interface KubeletProcess {
  readonly pid: number;
  /** Field 22 of /proc/<pid>/stat (clock ticks since boot): with the PID, names this process only. */
  readonly startTime: string;
  readonly cmdline: string;
}

/** Where the node's kubelet listens: `Node.status.daemonEndpoints.kubeletEndpoint.Port`, its InternalIPs. */
export interface KubeletEndpoint {
  readonly port: number;
  readonly addresses: readonly string[];
}

/** The start time of a process: field 22 of its stat line (the fields after the parenthesised comm). */
export function startTimeOf(stat: string): string | undefined {
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state): field 22 is rest[19].
  return rest[19];
}

/**
 * Finds the one process that listens on the node's kubelet port at one of the node's addresses (or on
 * any address) in the host's network namespace, by the socket's inode among every process's open files,
 * and checks that its command line is a kubelet's. Returns it, or why it cannot be told for sure: two
 * owners, none, a command line that is not a kubelet's. Anything ambiguous is refused.
 */
export async function findKubelet(fs: ProcFs, ep: KubeletEndpoint): Promise<KubeletProcess | string> {
  const where = `port ${ep.port} on ${ep.addresses.join(', ') || '(no address)'}`;
  const inodes = new Set<string>();
  for (const f of ['/proc/1/net/tcp', '/proc/1/net/tcp6']) {
    const text = await fs.readFile(f).catch(() => '');
    for (const s of listeningSockets(text))
      if (s.port === ep.port && ep.addresses.some((a) => servesAddress(s.address, a))) inodes.add(s.inode);
  }
  if (inodes.size === 0) return `no socket listens on ${where} in the host's network namespace`;
  const owners = new Set<number>();
  const pids = (await fs.readdir('/proc')).filter((d) => /^\d+$/.test(d));
  await Promise.all(
    pids.map(async (pid) => {
      const fds = await fs.readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
      for (const fd of fds) {
        const link = await fs.readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
        const m = /^socket:\[(\d+)\]$/.exec(link);
        if (m && inodes.has(m[1] as string)) owners.add(Number(pid));
      }
    }),
  );
  if (owners.size === 0) return `no process holds the socket listening on ${where}`;
  if (owners.size > 1)
    return `${owners.size} processes hold the sockets listening on ${where} (${[...owners].sort((a, b) => a - b).join(', ')}): not one kubelet, nothing is touched`;
  const pid = [...owners][0] as number;
  const cmdline = (await fs.readFile(`/proc/${pid}/cmdline`).catch(() => '')).split('\0').join(' ').trim();
  const exe = cmdline.split(' ')[0] ?? '';
  if (!/(^|\/)kubelet$/.test(exe))
    return `process ${pid} listens on ${where} but its command line is not a kubelet's (${cmdline.slice(0, 80) || 'empty'}): nothing is touched`;
  const startTime = startTimeOf(await fs.readFile(`/proc/${pid}/stat`).catch(() => ''));
  if (!startTime) return `process ${pid} (kubelet) has no readable start time: nothing is touched`;
  return { pid, startTime, cmdline };
}
