/**
 * The listening TCP sockets of a network namespace, from `/proc/<pid>/net/tcp` and `tcp6`: the kernel
 * prints each local address in hex, as the 32-bit words of the address in host (little-endian) order.
 */

export interface ListeningSocket {
  /** The local address as text: `198.18.0.11`, `0.0.0.0`, `::`, `::ffff:198.18.0.11`. */
  readonly address: string;
  readonly port: number;
  /** The socket's inode: `/proc/<pid>/fd/*` links to `socket:[inode]`. */
  readonly inode: string;
}

/** TCP_LISTEN in the `st` column. */
const LISTEN = '0A';

function word(hex: string): number[] {
  // One 32-bit word, printed little-endian: its bytes in reverse.
  const bytes: number[] = [];
  for (let i = 6; i >= 0; i -= 2) bytes.push(Number.parseInt(hex.slice(i, i + 2), 16));
  return bytes;
}

/** The text form of a /proc/net hex address (8 hex digits for IPv4, 32 for IPv6). */
export function hexAddress(hex: string): string {
  if (hex.length === 8) return word(hex).join('.');
  const bytes: number[] = [];
  for (let i = 0; i < 32; i += 8) bytes.push(...word(hex.slice(i, i + 8)));
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff)
    return `::ffff:${bytes.slice(12).join('.')}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2)
    groups.push((((bytes[i] as number) << 8) | (bytes[i + 1] as number)).toString(16));
  // The shortest form is not needed: only the unspecified address is compared as text.
  return groups.every((g) => g === '0') ? '::' : groups.join(':');
}

/** The listening sockets in the text of a `/proc/<pid>/net/tcp` or `tcp6` file. */
export function listeningSockets(text: string): ListeningSocket[] {
  const out: ListeningSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || f[3] !== LISTEN) continue;
    const [addr = '', port = ''] = (f[1] as string).split(':');
    out.push({ address: hexAddress(addr), port: Number.parseInt(port, 16), inode: f[9] as string });
  }
  return out;
}

/** Whether a socket bound to `address` accepts connections to `nodeIp` (the address itself, or any). */
export function servesAddress(address: string, nodeIp: string): boolean {
  return address === nodeIp || address === `::ffff:${nodeIp}` || address === '0.0.0.0' || address === '::';
}
