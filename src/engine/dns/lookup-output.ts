/**
 * What a name resolved to, read from the output of the lookup tool found in a target's image:
 * `getent ahosts` (glibc, musl: A and AAAA through the pod's own resolver) or `nslookup` (busybox,
 * bind: asks the pod's nameserver directly, A and AAAA).
 */

export type LookupTool = 'getent' | 'nslookup';

/** The addresses a name resolved to, or why it did not. */
export interface LookupAnswer {
  readonly addresses: readonly string[];
  /** Why nothing was resolved (the tool's own words, or its exit code). */
  readonly error?: string;
}

/** `getent ahosts NAME`: one line per address and socket type, `ADDR STREAM NAME`; exit 2 when not found. */
export function parseGetent(out: string, exitCode: number): LookupAnswer {
  const addresses = unique(
    out
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[0] ?? '')
      .filter(isAddress),
  );
  if (addresses.length > 0) return { addresses };
  return { addresses, error: exitCode === 2 ? 'not found (getent exit 2)' : firstLine(out, exitCode) };
}

/**
 * `nslookup NAME`: the server's own address comes first (`Server:`/`Address:`), then, after `Name:`,
 * one `Address: ADDR` (or `Address 1: ADDR NAME` in old busybox) per record; failures print
 * `** server can't find NAME: NXDOMAIN`.
 */
export function parseNslookup(out: string, exitCode: number): LookupAnswer {
  const addresses: string[] = [];
  let answers = false;
  const errors: string[] = [];
  for (const raw of out.split('\n')) {
    const line = raw.trim();
    if (/^Name:/.test(line)) answers = true;
    const a = /^Address(?:\s+\d+)?:\s*(\S+)/.exec(line);
    if (answers && a && isAddress(a[1] as string)) addresses.push(a[1] as string);
    if (/can't find|can not find|connection timed out|no servers could be reached/i.test(line))
      errors.push(line.replace(/^\*+\s*/, ''));
  }
  if (addresses.length > 0) return { addresses: unique(addresses) };
  return { addresses: [], error: errors[0] ?? firstLine(out, exitCode) };
}

export function parseLookup(tool: LookupTool, out: string, exitCode: number): LookupAnswer {
  return tool === 'getent' ? parseGetent(out, exitCode) : parseNslookup(out, exitCode);
}

function isAddress(s: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(s) || (/^[0-9a-fA-F:]+$/.test(s) && s.includes(':'));
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}

function firstLine(out: string, exitCode: number): string {
  const line = out.split('\n').find((l) => l.trim() !== '');
  return line ? `${line.trim()} (exit ${exitCode})` : `no answer (exit ${exitCode})`;
}
