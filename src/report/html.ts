/**
 * report.html: one self-contained page (inline CSS and SVG, no script, nothing fetched) with the verdict,
 * the check × step table, failures, recovery times (and against a baseline: html-baseline.ts), skips, and
 * an SVG timeline with one row per ordinal:
 * each incarnation as a bar coloured by readiness, faults as vertical lines, violations as red markers.
 */
import { html } from './escape.ts';
import { BASELINE_CSS, baselineSection } from './html-baseline.ts';
import type { Model } from './model.ts';
import {
  checkName,
  headline,
  iso,
  model,
  offset,
  podName,
  recoveryColumns,
  seconds,
  VERDICT,
  violationLine,
} from './model.ts';
import { timeline } from './timeline-svg.ts';
import type { RunReport } from './types.ts';

/** Text badges (coloured by CSS), so the page reads the same without an emoji font. */
const STATUS_ICON = { pass: 'PASS', fail: 'FAIL', skip: 'skip' } as const;
const MAX_FAILURES = 200;
const MAX_VIOLATIONS = 50;

export function toHtml(report: RunReport): string {
  const m = model(report);
  const verdict = VERDICT[report.outcome] ?? String(report.outcome).toUpperCase();
  const target = `${report.target.namespace}/${report.target.name}`;
  const body = [
    header(report, m, verdict, target),
    leftovers(report),
    checkTable(m),
    failures(report, m),
    findings(m),
    timeline(report, m),
    recovery(report, m),
    baselineSection(report),
    skips(m),
    steps(report, m),
    preflight(report),
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(`sts-chaos ${verdict}: ${target} (${report.runId})`)}</title>
<style>${CSS}${report.baseline ? BASELINE_CSS : ''}</style>
</head>
<body>
${body.filter((s) => s !== '').join('\n')}
</body>
</html>
`;
}

const CSS = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; padding: 16px 24px 48px; max-width: 1280px; color: #1b1b1b; background: #fff; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #dee2e6; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 12px 0 4px; }
header.verdict { padding: 12px 16px; border-radius: 6px; border-left: 6px solid; }
.outcome-passed { background: #ebfbee; border-color: #2f9e44; }
.outcome-failed { background: #fff5f5; border-color: #e03131; }
.outcome-interrupted, .outcome-refused { background: #fff9db; border-color: #f08c00; }
.outcome-revert-failed, .outcome-error { background: #fff0f6; border-color: #a61e4d; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 10px 0 0; }
dl.meta dt { color: #555; } dl.meta dd { margin: 0; font-family: ui-monospace, Menlo, Consolas, monospace; }
table { border-collapse: collapse; margin: 6px 0; }
th, td { border: 1px solid #dee2e6; padding: 3px 8px; text-align: left; vertical-align: top; }
thead th { background: #f1f3f5; font-weight: 600; }
table.matrix td { text-align: center; }
table.matrix thead th small { display: block; font-weight: normal; color: #555; max-width: 14em; }
td.pass { color: #2b8a3e; font-weight: 600; } td.fail { background: #ffe3e3; color: #c92a2a; font-weight: 700; } td.skip { background: #f8f9fa; color: #868e96; } td.none { color: #adb5bd; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.failure { border-left: 4px solid #e03131; padding: 2px 12px; margin: 10px 0; background: #fffafa; }
.failure ul, .mono { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; }
.note { color: #555; font-style: italic; }
.needs-human { background: #fff0f6; border-left: 4px solid #a61e4d; padding: 4px 12px; }
.legend span { display: inline-block; margin-right: 14px; font-size: 12px; }
.legend i { display: inline-block; width: 14px; height: 10px; margin-right: 4px; vertical-align: middle; border: 1px solid #868e96; }
svg.timeline { width: 100%; height: auto; border: 1px solid #dee2e6; background: #fff; }
svg.timeline text { font-family: system-ui, sans-serif; }
`;

// --- page sections ----------------------------------------------------------------------------------------

function header(report: RunReport, m: Model, verdict: string, target: string): string {
  const rows: [string, string][] = [
    ['Target', `StatefulSet ${target}`],
    ['Run', report.runId],
    ['Started', iso(report.startedAt)],
    ['Finished', iso(report.finishedAt)],
    ['Duration', `${seconds(report.finishedAt - report.startedAt, 1)} s`],
    ['Tool', `${report.tool.name} ${report.tool.version}`],
  ];
  return `<header class="verdict outcome-${html(report.outcome)}">
<h1>${html(verdict)} <small>(exit code ${html(report.exitCode)})</small></h1>
<p>${html(headline(report, m))}</p>
<dl class="meta">${rows.map(([k, v]) => `<dt>${html(k)}</dt><dd>${html(v)}</dd>`).join('')}</dl>
</header>`;
}

function leftovers(report: RunReport): string {
  if (report.leftovers.length === 0) return '';
  return `<h2>Needs a human</h2>
<div class="needs-human"><ul>${report.leftovers.map((l) => `<li>${html(l)}</li>`).join('')}</ul></div>`;
}

function checkTable(m: Model): string {
  if (m.steps.length === 0 || m.checkIds.length === 0)
    return '<h2>Checks</h2>\n<p class="note">No check was evaluated.</p>';
  const head = m.steps
    .map(
      (v) =>
        `<th title="${html(`${v.step.suite}: ${v.label}`)}">${v.number}<small>${html(v.label)}</small></th>`,
    )
    .join('');
  const rows = m.checkIds.map((id) => {
    const row = m.matrix.get(id);
    const cells = m.steps.map((v) => {
      const r = row?.get(v.number);
      if (!r) return '<td class="none" title="not evaluated">—</td>';
      return `<td class="${r.status}" title="${html(r.reason)}">${STATUS_ICON[r.status]}</td>`;
    });
    return `<tr><th>${html(checkName(id))}</th>${cells.join('')}</tr>`;
  });
  return `<h2>Checks</h2>
<table class="matrix"><thead><tr><th>Check</th>${head}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>`;
}

function failures(report: RunReport, m: Model): string {
  if (m.failures.length === 0) return '';
  const items = m.failures.slice(0, MAX_FAILURES).map(({ view, result }) => {
    const vs = result.violations
      .slice(0, MAX_VIOLATIONS)
      .map((v) => `<li>${html(violationLine(report, v))}</li>`);
    const more = result.violations.length - vs.length;
    if (more > 0) vs.push(`<li>… and ${more} more</li>`);
    return `<div class="failure"><h3>❌ ${html(checkName(result.id))} <small>step ${view.number}: ${html(view.label)}</small></h3>
<p>${html(result.reason)}</p>${vs.length ? `<ul>${vs.join('')}</ul>` : ''}</div>`;
  });
  const more = m.failures.length - items.length;
  if (more > 0) items.push(`<p class="note">… and ${more} more failed checks (see report.json).</p>`);
  return `<h2>Failures</h2>\n${items.join('\n')}`;
}

function recovery(report: RunReport, m: Model): string {
  const columns = recoveryColumns(report);
  if (columns.length === 0) return '';
  const rows = m.steps
    .filter((v) => v.step.recovery)
    .map((v) => {
      const rec = v.step.recovery ?? {};
      const cells = columns.map((c) => {
        const ms = rec[c];
        return `<td class="num">${ms === undefined ? '—' : html(seconds(ms, 2))}</td>`;
      });
      return `<tr><th>${v.number}. ${html(v.label)}</th>${cells.join('')}</tr>`;
    });
  return `<h2>Recovery times (seconds)</h2>
<table><thead><tr><th>Step</th>${columns.map((c) => `<th>${html(c)}</th>`).join('')}</tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

function skips(m: Model): string {
  if (m.skips.length === 0) return '';
  const all = m.steps.length;
  const items = m.skips.map((g) => {
    const where =
      g.steps.length === all && all > 1
        ? 'all steps'
        : `step${g.steps.length === 1 ? '' : 's'} ${g.steps.map((s) => s.number).join(', ')}`;
    return `<li><strong>${html(checkName(g.id))}</strong> (${where}): ${html(g.reason)}</li>`;
  });
  return `<h2>Skipped</h2>\n<ul>${items.join('\n')}</ul>`;
}

function steps(report: RunReport, m: Model): string {
  if (m.steps.length === 0) return '';
  const zero = report.timeline.startedAt;
  const rows = m.steps.map(({ step, number, label }) => {
    const cells = [
      html(label),
      html(step.suite),
      html(step.fault),
      step.ordinal === undefined ? '—' : html(podName(report, step.ordinal)),
      html(step.node ?? '—'),
      html(offset(zero, step.startedAt)),
      html(`${seconds(step.endedAt - step.startedAt, 1)}s`),
    ];
    return `<tr><td class="num">${number}</td>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  });
  return `<h2>Steps</h2>
<table><thead><tr><th>#</th><th>Step</th><th>Suite</th><th>Fault</th><th>Pod</th><th>Node</th><th>Start</th><th>Duration</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

/** What steps found about the cluster besides the verdicts (a forced rollback, with version and policy). */
function findings(m: Model): string {
  const items = m.steps.flatMap((v) =>
    (v.step.findings ?? []).map((f) => `<li>step ${v.number} (${html(v.label)}): ${html(f)}</li>`),
  );
  return items.length ? `<h2>Findings</h2>\n<ul>${items.join('')}</ul>` : '';
}

function preflight(report: RunReport): string {
  if (report.preflight.length === 0) return '';
  return `<h2>Preflight</h2>\n<ul class="mono">${report.preflight.map((l) => `<li>${html(l)}</li>`).join('')}</ul>`;
}
