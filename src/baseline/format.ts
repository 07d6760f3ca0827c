/** How the comparison writes times and changes: seconds, ranges, signed percentages. */
import type { Summary } from './types.ts';

/** Milliseconds as seconds: "1.21s" under 10 s, "12.3s" under 100 s, "123s" beyond. */
export function secs(ms: number): string {
  const s = ms / 1000;
  const abs = Math.abs(s);
  return `${s.toFixed(abs < 10 ? 2 : abs < 100 ? 1 : 0)}s`;
}

/** Milliseconds as a bare number of seconds, at most 2 decimals: 1100 -> "1.1". */
function bare(ms: number): string {
  return String(Number((ms / 1000).toFixed(2)));
}

/** A signed difference: "+1.74s", "-0.20s". */
export function signedSecs(ms: number): string {
  return `${ms < 0 ? '-' : '+'}${secs(Math.abs(ms))}`;
}

/** A change as a signed whole percentage: "+144%", "-12%", "+0%"; "n/a" when there is none. */
export function signedPercent(change: number | undefined): string {
  if (change === undefined || !Number.isFinite(change)) return 'n/a';
  const p = Math.round(change * 100);
  return `${p < 0 ? '-' : '+'}${Math.abs(p)}%`;
}

/** One side: "1.21s (1.1–1.3, n=3)", or "1.21s (n=1)". */
export function sideText(s: Summary): string {
  const range = s.n > 1 ? `${bare(s.min)}–${bare(s.max)}, ` : '';
  return `${secs(s.median)} (${range}n=${s.n})`;
}

/** "1 sample", "3 samples". */
export function samples(n: number, what = 'sample'): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
