/** summary.md's section of a run made with --baseline: the verdict, then a row per fault and phase. */
import { sideText, signedPercent } from '../baseline/format.ts';
import { shownPhases, VERDICT_WORD } from '../baseline/table.ts';
import { md } from './escape.ts';
import type { RunReport } from './types.ts';

const ICON = { regression: '❌', ok: '✅', inconclusive: '❔' } as const;

export function baselineMarkdown(report: RunReport): string[] {
  const c = report.baseline;
  if (!c) return [];
  const lines = ['', '### Recovery times against the baseline', '', `${ICON[c.verdict]} ${md(c.summary)}`];
  if (c.faults.length) {
    lines.push('', '| Fault | Phase | Baseline | This run | Change | Verdict |', '|---|---|--:|--:|--:|---|');
    for (const f of c.faults)
      for (const p of shownPhases(f)) {
        const verdict =
          p.verdict === 'inconclusive' ? p.why : `${ICON[p.verdict]} ${VERDICT_WORD[p.verdict]}`;
        lines.push(
          `| ${md(f.fault)} | ${md(p.phase)} | ${md(sideText(p.baseline))} | ${md(sideText(p.current))} | ${signedPercent(p.change)} | ${md(verdict)} |`,
        );
      }
  }
  if (c.baselineOnly.length)
    lines.push('', `Only in the baseline (not compared): ${md(c.baselineOnly.join(', '))}`);
  if (c.currentOnly.length)
    lines.push('', `Only in this run (not compared): ${md(c.currentOnly.join(', '))}`);
  lines.push(
    '',
    `_Medians (range, samples). A regression is a median over +${c.maxRegression}%, past the baseline's own spread and ${c.floorMs} ms; at least ${c.minSamples} samples a side. Baseline: ${c.baseline.runIds.length} run(s)._`,
  );
  return lines;
}
