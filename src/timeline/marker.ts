import { createHash } from 'node:crypto';

/**
 * The VOL-3 marker: what sts-chaos writes on every claim mount and data path of an ordinal before a
 * fault (its ordinal, the run, the write's sequence and a checksum of the three), and how a read is
 * compared with what was written. Shared by the writer (src/engine/markers.ts) and VOL-3.
 */
export interface MarkerContent {
  readonly ordinal: number;
  readonly run: string;
  readonly seq: number;
}

function sum(body: string): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 16);
}

/** The line written: `ordinal=1 run=run-… seq=3 sum=<16 hex>`. */
export function markerLine(m: MarkerContent): string {
  const body = `ordinal=${m.ordinal} run=${m.run} seq=${m.seq}`;
  return `${body} sum=${sum(body)}`;
}

/** A marker line read back, or undefined when it is not one (a corrupt or foreign file). */
export function parseMarker(line: string): (MarkerContent & { readonly intact: boolean }) | undefined {
  const m = /^ordinal=(\d+) run=(\S+) seq=(\d+) sum=([0-9a-f]{16})$/.exec(line.trim());
  if (!m) return undefined;
  const body = `ordinal=${m[1]} run=${m[2]} seq=${m[3]}`;
  return { ordinal: Number(m[1]), run: m[2] as string, seq: Number(m[3]), intact: sum(body) === m[4] };
}

/** A read sample's value: `path=line; path=line` → each path's line. */
export function parseRead(value: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of value.split('; ')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i), part.slice(i + 1));
  }
  return out;
}

/**
 * What is wrong with a read of `ordinal`'s marker paths against what it wrote (`written`, in `paths`),
 * naming whose marker it is; undefined when every path holds exactly what was written.
 */
export function markerMismatch(
  value: string,
  written: MarkerContent,
  paths: readonly string[],
  stsName: string,
): string | undefined {
  const read = parseRead(value);
  const expected = markerLine(written);
  for (const path of paths) {
    const line = read.get(path);
    if (line === expected) continue;
    if (line === undefined) return `no marker at ${path}`;
    const m = parseMarker(line);
    const at = `at ${path}: "${line}"`;
    if (!m) return `not a marker of sts-chaos ${at}`;
    if (!m.intact) return `a corrupt marker (its checksum does not match) ${at}`;
    if (m.ordinal !== written.ordinal) return `${stsName}-${m.ordinal}'s marker ${at}`;
    if (m.run !== written.run) return `the marker of another run (${m.run}) ${at}`;
    if (m.seq < written.seq) return `an older marker (seq ${m.seq}; seq ${written.seq} was written) ${at}`;
    return `a marker this ordinal did not write ${at}`;
  }
  return undefined;
}
