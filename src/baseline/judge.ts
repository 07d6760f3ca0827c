/**
 * The verdict on one phase of one fault, noise-aware. A regression needs all three:
 *
 *  1. the current median above the baseline's by more than `maxRegression` percent of it;
 *  2. the difference of medians larger than the baseline's own spread (its max - min): a change the
 *     baseline already showed between its own runs is noise;
 *  3. the difference larger than the floor (250 ms by default): a phase of a few hundred milliseconds
 *     can double on a busy node alone.
 *
 * Fewer than `minSamples` on either side: inconclusive (no verdict, never a pass).
 */

import { samples, secs, signedPercent, signedSecs } from './format.ts';
import { type CompareOptions, DEFAULT_COMPARE } from './options.ts';
import { spread, summarize } from './stats.ts';
import type { PhaseComparison } from './types.ts';

/** Judges `phase` from its samples on each side (each at least one). */
export function judgePhase(
  phase: string,
  baselineValues: readonly number[],
  currentValues: readonly number[],
  opts: CompareOptions = DEFAULT_COMPARE,
): PhaseComparison {
  const baseline = summarize(baselineValues);
  const current = summarize(currentValues);
  const diff = current.median - baseline.median;
  const change = baseline.median > 0 ? diff / baseline.median : undefined;
  const base = { phase, ...(change !== undefined ? { change } : {}), baseline, current };
  const short = tooFew(baseline.n, current.n, opts.minSamples);
  if (short) return { ...base, verdict: 'inconclusive', why: `inconclusive: ${short}` };

  const pct = signedPercent(change);
  const noise = spread(baseline);
  const floor = opts.floor.toMilliseconds();
  if (diff <= 0) return { ...base, verdict: 'ok', why: `${pct}: not slower` };
  if (diff <= (baseline.median * opts.maxRegression) / 100)
    return { ...base, verdict: 'ok', why: `${pct}: within ${opts.maxRegression}%` };
  if (diff <= noise)
    return {
      ...base,
      verdict: 'ok',
      why: `${pct}, but ${signedSecs(diff)} is within the baseline's own spread (${secs(noise)})`,
    };
  if (diff <= floor)
    return {
      ...base,
      verdict: 'ok',
      why: `${pct}, but ${signedSecs(diff)} is within the ${opts.floor} floor`,
    };
  return {
    ...base,
    verdict: 'regression',
    why: `${pct} (${signedSecs(diff)}): over ${opts.maxRegression}%, the baseline's spread (${secs(noise)}) and the ${opts.floor} floor`,
  };
}

/** "2 baseline samples, at least 3 needed" when a side has too few; undefined when both have enough. */
export function tooFew(baseline: number, current: number, min: number): string | undefined {
  const b = baseline < min;
  const c = current < min;
  if (b && c)
    return `${baseline} baseline and ${samples(current, 'new sample')}, at least ${min} needed each`;
  if (b) return `${samples(baseline, 'baseline sample')}, at least ${min} needed`;
  if (c) return `${samples(current, 'new sample')}, at least ${min} needed`;
  return undefined;
}
