/**
 * The comparison as a readable table, one line per fault and phase (only `total` for a fault without a
 * verdict), then the faults of one side only and the verdict:
 *
 *     fault                     phase  baseline                 new                   change  verdict
 *     identity/pod-kill-forced  total  3.10s (3–3.2, n=3)    →  6.10s (6–6.2, n=3)    +97%    REGRESSION
 *     identity/pod-kill-forced  ready  1.21s (1.1–1.3, n=3)  →  2.95s (2.8–3.1, n=3)  +144%   REGRESSION
 */
import { samples, sideText, signedPercent } from './format.ts';
import type { BaselineComparison, FaultComparison, PhaseComparison, Verdict } from './types.ts';

const HEADER = ['fault', 'phase', 'baseline', '', 'new', 'change', 'verdict'];

/** The word of a verdict, as the table and the last line say it. */
export const VERDICT_WORD: Readonly<Record<Verdict, string>> = {
  regression: 'REGRESSION',
  ok: 'ok',
  inconclusive: 'inconclusive',
};

/** The rows shown of a fault: every phase once judged, only `total` (or its first phase) when not. */
export function shownPhases(f: FaultComparison): readonly PhaseComparison[] {
  if (f.verdict !== 'inconclusive') return f.phases;
  const total = f.phases.find((p) => p.phase === 'total');
  return total ? [total] : f.phases.slice(0, 1);
}

/** The table's lines, without line ends. */
export function comparisonTable(c: BaselineComparison): string[] {
  const rule = `a regression is a median over +${c.maxRegression}%, past the baseline's own spread and ${c.floorMs}ms; at least ${samples(c.minSamples)} per side`;
  const out = [
    `Recovery times against the baseline (${rule})`,
    `baseline: ${runs(c.baseline.runIds.length)} (${c.baseline.reports.join(', ')})`,
    `new: ${runs(c.current.runIds.length)} (${c.current.reports.join(', ')})`,
    '',
  ];
  if (c.faults.length) out.push(...faultTable(c.faults));
  else out.push('(no fault in common)');
  if (c.baselineOnly.length)
    out.push('', `only in the baseline (not compared): ${c.baselineOnly.join(', ')}`);
  if (c.currentOnly.length) out.push('', `only in the new runs (not compared): ${c.currentOnly.join(', ')}`);
  out.push('', `${c.verdict.toUpperCase()}: ${c.summary}`);
  return out;
}

/** The header and a row per fault and phase shown, aligned. */
export function faultTable(faults: readonly FaultComparison[]): string[] {
  const rows = faults.flatMap((f) =>
    shownPhases(f).map((p) => [
      f.fault,
      p.phase,
      sideText(p.baseline),
      '→',
      sideText(p.current),
      signedPercent(p.change),
      p.verdict === 'inconclusive' ? p.why : VERDICT_WORD[p.verdict],
    ]),
  );
  return align([HEADER, ...rows]);
}

function runs(n: number): string {
  return `${n} run${n === 1 ? '' : 's'}`;
}

/** Columns padded to their widest cell, two spaces apart; the last column is not padded. */
function align(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows)
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, [...cell].length);
  return rows.map((row) =>
    row
      .map((cell, i) =>
        i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length),
      )
      .join('  ')
      .trimEnd(),
  );
}
