/** Median and range of a set of samples. */
import type { Summary } from './types.ts';

/** The median (the mean of the middle two for an even count), the range and the count of `values`. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new RangeError('no samples to summarize');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const at = (i: number) => sorted[i] as number;
  const median = sorted.length % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
  return { n: sorted.length, median, min: at(0), max: at(sorted.length - 1) };
}

/** The range of a summary: how far its samples spread (max - min). */
export function spread(s: Summary): number {
  return s.max - s.min;
}
