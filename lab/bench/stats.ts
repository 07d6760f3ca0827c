/** Small statistics and table helpers for the bench's printed figures. */

/** The median of the numbers (the mean of the middle two for an even count); NaN when empty. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Seconds with 2 decimals from milliseconds ("—" for NaN). */
export function secs(ms: number): string {
  return Number.isFinite(ms) ? (ms / 1000).toFixed(2) : '—';
}

/** A Markdown table; every cell is already text. */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** "get 3, list 2, patch 1" for the verbs with a count above zero, most first. */
export function byVerb(requests: Readonly<Record<string, number>>): string {
  const e = Object.entries(requests).filter(([, n]) => n > 0);
  e.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return e.map(([v, n]) => `${v} ${n}`).join(', ') || 'none';
}

export function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
