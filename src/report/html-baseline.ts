/**
 * report.html's section of a run made with --baseline: per fault and phase, the baseline's median and
 * range beside this run's, the change and the verdict; regressed rows marked. Empty without a baseline.
 */
import { secs, signedPercent } from '../baseline/format.ts';
import { shownPhases, VERDICT_WORD } from '../baseline/table.ts';
import type { BaselineComparison, FaultComparison, Summary } from '../baseline/types.ts';
import { html } from './escape.ts';
import type { RunReport } from './types.ts';

/** The section's CSS (added to the page's). */
export const BASELINE_CSS = `
tr.regression th, tr.regression td { background: #ffe3e3; }
td.verdict-regression { color: #c92a2a; font-weight: 700; } td.verdict-ok { color: #2b8a3e; } td.verdict-inconclusive { color: #868e96; }
p.baseline-regression { color: #c92a2a; font-weight: 600; } p.baseline-inconclusive { color: #8a6d00; font-weight: 600; }
`;

export function baselineSection(report: RunReport): string {
  const c = report.baseline;
  if (!c) return '';
  const rows = c.faults.flatMap((f) => faultRows(f));
  const table = rows.length
    ? `<table class="baseline"><thead><tr><th>Fault</th><th>Phase</th><th>Baseline median (s)</th><th>range, n</th><th>This run median (s)</th><th>range, n</th><th>Change</th><th>Verdict</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>`
    : '<p class="note">No fault in common with the baseline.</p>';
  const only = [
    c.baselineOnly.length
      ? `<li>only in the baseline (not compared): ${html(c.baselineOnly.join(', '))}</li>`
      : '',
    c.currentOnly.length ? `<li>only in this run (not compared): ${html(c.currentOnly.join(', '))}</li>` : '',
  ].join('');
  return `<h2>Recovery times against the baseline</h2>
<p class="baseline-${html(c.verdict)}">${html(`${c.verdict.toUpperCase()}: ${c.summary}`)}</p>
<p class="note">${html(rule(c))}</p>
${table}${only ? `\n<ul>${only}</ul>` : ''}`;
}

function rule(c: BaselineComparison): string {
  const runs = (n: number) => `${n} run${n === 1 ? '' : 's'}`;
  return `Medians of each side in seconds, with their range (min–max) and number of samples. A regression is a median over +${c.maxRegression}%, past the baseline's own spread and ${c.floorMs} ms; at least ${c.minSamples} samples a side, else inconclusive. Baseline: ${runs(c.baseline.runIds.length)} (${c.baseline.reports.join(', ')}); this run: ${c.current.reports.join(', ')}.`;
}

function faultRows(f: FaultComparison): string[] {
  const phases = shownPhases(f);
  return phases.map((p, i) => {
    const head = i === 0 ? `<th rowspan="${phases.length}">${html(f.fault)}</th>` : '';
    const verdict = p.verdict === 'inconclusive' ? p.why : VERDICT_WORD[p.verdict];
    return `<tr class="${html(p.verdict)}">${head}<td>${html(p.phase)}</td>${side(p.baseline)}${side(p.current)}<td class="num">${html(signedPercent(p.change))}</td><td class="verdict-${html(p.verdict)}" title="${html(p.why)}">${html(verdict)}</td></tr>`;
  });
}

function side(s: Summary): string {
  const median = secs(s.median).replace(/s$/, '');
  const range = s.n > 1 ? `${secs(s.min).replace(/s$/, '')}–${secs(s.max).replace(/s$/, '')}, ` : '';
  return `<td class="num">${html(median)}</td><td class="num">${html(`${range}n=${s.n}`)}</td>`;
}
