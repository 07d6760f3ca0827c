/**
 * report.html: one self-contained page (inline CSS and SVG, no script, nothing fetched) with the verdict,
 * the check × step table, failures, recovery times, skips, and an SVG timeline with one row per ordinal:
 * each incarnation as a bar coloured by readiness, faults as vertical lines, violations as red markers.
 */
import type { Derived, Incarnation } from '../timeline/incarnations.ts';
import { derive } from '../timeline/incarnations.ts';
import { html } from './escape.ts';
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
    timeline(report, m),
    recovery(report, m),
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
<style>${CSS}</style>
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

function preflight(report: RunReport): string {
  if (report.preflight.length === 0) return '';
  return `<h2>Preflight</h2>\n<ul class="mono">${report.preflight.map((l) => `<li>${html(l)}</li>`).join('')}</ul>`;
}

// --- the timeline ---------------------------------------------------------------------------------------

/** Ordinal rows drawn at most; beyond, the ordinals with something to see are chosen first. */
export const MAX_ROWS = 100;
/** Overlapping incarnations of one ordinal (two pod objects at once) get their own lane, up to this many. */
const MAX_LANES = 3;

const W = 1200;
const LEFT = 110;
const RIGHT = 24;
const STEP_Y = 6;
const STEP_H = 16;
const MARK_LANES = 3;
const MARK_LANE_H = 13;
const ROWS_Y = STEP_Y + STEP_H + 4 + MARK_LANES * MARK_LANE_H + 4;
const AXIS_H = 30;

const COLOR = {
  pending: '#91a7ff',
  ready: '#40c057',
  unready: '#ff922b',
  violation: '#e03131',
  fault: '#7048e8',
  revert: '#868e96',
  step: '#e7f5ff',
  stepLine: '#74c0fc',
  grid: '#e9ecef',
  rowAlt: '#f8f9fa',
} as const;

type Phase = 'pending' | 'ready' | 'unready';

interface Scale {
  readonly t0: number;
  readonly t1: number;
  x(at: number): number;
}

interface Marker {
  readonly at: number;
  readonly ordinal?: number;
  readonly text: string;
}

function timeline(report: RunReport, m: Model): string {
  let derived: Derived;
  try {
    derived = derive(report.timeline);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return `<h2>Timeline</h2>\n<p class="note">The timeline could not be drawn: ${html(message)}</p>`;
  }
  const markers = violationMarkers(report, m);
  const { shown, total } = chooseOrdinals(report, derived, markers);
  const note =
    shown.length < total
      ? `<p class="note">Showing ${shown.length} of ${total} ordinals: those with violations, faults or more than one incarnation first, then the lowest.</p>`
      : '';
  return `<h2>Timeline</h2>
<p class="note">Time since the recording started (${html(iso(derived.startedAt))}). Hover a bar, line or marker for details.</p>
${note}${legend()}
${svg(report, m, derived, shown, markers)}`;
}

function legend(): string {
  const item = (color: string, text: string, style = '') =>
    `<span><i style="background:${color}${style}"></i>${html(text)}</span>`;
  return `<div class="legend">${[
    item(COLOR.pending, 'created, not Ready yet'),
    item(COLOR.ready, 'Ready'),
    item(COLOR.unready, 'not Ready (after being Ready)'),
    item('repeating-linear-gradient(45deg,#fff0,#fff0 3px,#343a40 3px,#343a40 4px)', 'terminating'),
    item(COLOR.fault, 'fault start / end (dashed)', ';height:2px;border:0'),
    item(COLOR.revert, 'revert', ';height:2px;border:0'),
    item(COLOR.violation, 'violation', ';border-radius:50%;width:10px'),
  ].join('')}</div>`;
}

/** The violations of failed checks, one marker per distinct (at, ordinal, message), naming every check. */
function violationMarkers(report: RunReport, m: Model): Marker[] {
  const byKey = new Map<string, { at: number; ordinal?: number; lines: string[] }>();
  for (const { view, result } of m.failures) {
    for (const v of result.violations) {
      if (!Number.isFinite(v.at)) continue;
      const key = `${v.at}\u0000${v.ordinal ?? ''}\u0000${v.message}`;
      let g = byKey.get(key);
      if (!g) {
        g = { at: v.at, lines: [violationLine(report, v)] };
        if (v.ordinal !== undefined) g.ordinal = v.ordinal;
        byKey.set(key, g);
      }
      g.lines.push(`${checkName(result.id)} [step ${view.number}: ${view.label}]`);
    }
  }
  return [...byKey.values()].map((g) => ({
    at: g.at,
    ...(g.ordinal === undefined ? {} : { ordinal: g.ordinal }),
    text: g.lines.join('\n'),
  }));
}

/** Every ordinal seen or expected; at most MAX_ROWS of them, the interesting ones first. */
function chooseOrdinals(
  report: RunReport,
  derived: Derived,
  markers: readonly Marker[],
): { shown: number[]; total: number } {
  const all = new Set<number>(derived.ordinals.keys());
  const { ordinalsStart, replicas } = derived.target;
  for (let i = 0; i < Math.min(replicas, 100_000); i++) all.add(ordinalsStart + i);
  const sorted = [...all].sort((a, b) => a - b);
  if (sorted.length <= MAX_ROWS) return { shown: sorted, total: sorted.length };

  const first = new Set<number>();
  for (const mk of markers) if (mk.ordinal !== undefined && all.has(mk.ordinal)) first.add(mk.ordinal);
  for (const f of derived.faults) if (f.ordinal !== undefined && all.has(f.ordinal)) first.add(f.ordinal);
  for (const s of report.steps) if (s.ordinal !== undefined && all.has(s.ordinal)) first.add(s.ordinal);
  for (const [o, incs] of derived.ordinals) if (incs.length > 1) first.add(o);
  const chosen = [...first].sort((a, b) => a - b).slice(0, MAX_ROWS);
  const taken = new Set(chosen);
  for (const o of sorted) {
    if (chosen.length >= MAX_ROWS) break;
    if (!taken.has(o)) chosen.push(o);
  }
  return { shown: chosen.sort((a, b) => a - b), total: sorted.length };
}

function scaleFor(report: RunReport, derived: Derived, markers: readonly Marker[]): Scale {
  const t0 = derived.startedAt;
  let t1 = derived.endedAt;
  for (const s of report.steps) if (Number.isFinite(s.endedAt)) t1 = Math.max(t1, s.endedAt);
  for (const mk of markers) t1 = Math.max(t1, mk.at);
  for (const mk of derived.marks) t1 = Math.max(t1, mk.at);
  t1 = Math.max(t1, t0 + 1000);
  const plot = W - LEFT - RIGHT;
  return {
    t0,
    t1,
    x: (at) => LEFT + (Math.min(Math.max(at, t0), t1) - t0) * (plot / (t1 - t0)),
  };
}

/** Tick spacing in seconds: the smallest "nice" one giving at most 12 ticks. */
function tickStep(spanSeconds: number): number {
  const nice = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 300, 600, 900, 1200, 1800, 3600, 7200];
  for (const n of nice) if (spanSeconds / n <= 12) return n;
  return Math.ceil(spanSeconds / 12 / 3600) * 3600;
}

interface Row {
  readonly ordinal: number;
  readonly y: number;
  readonly height: number;
  readonly laneH: number;
  readonly lanes: readonly (readonly Incarnation[])[];
}

function layoutRows(derived: Derived, shown: readonly number[], end: number): Row[] {
  const laneH = shown.length <= 12 ? 24 : shown.length <= 40 ? 16 : 10;
  const rows: Row[] = [];
  let y = ROWS_Y;
  for (const ordinal of shown) {
    const lanes: Incarnation[][] = [];
    const laneEnd: number[] = [];
    for (const inc of derived.ordinals.get(ordinal) ?? []) {
      let lane = laneEnd.findIndex((e) => e <= inc.createdAt);
      if (lane < 0) lane = lanes.length < MAX_LANES ? lanes.length : MAX_LANES - 1;
      const incs = lanes[lane] ?? [];
      incs.push(inc);
      lanes[lane] = incs;
      laneEnd[lane] = Math.max(laneEnd[lane] ?? 0, inc.deletedAt ?? end);
    }
    const height = Math.max(1, lanes.length) * laneH + 4;
    rows.push({ ordinal, y, height, laneH, lanes });
    y += height;
  }
  return rows;
}

function svg(
  report: RunReport,
  m: Model,
  derived: Derived,
  shown: readonly number[],
  markers: readonly Marker[],
): string {
  const s = scaleFor(report, derived, markers);
  const rows = layoutRows(derived, shown, derived.endedAt);
  const rowsEnd = rows.length ? (rows.at(-1) as Row).y + (rows.at(-1) as Row).height : ROWS_Y + 20;
  const height = rowsEnd + AXIS_H;
  const out: string[] = [];
  const fmt = fmt1;

  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 ${W} ${fmt(height)}" role="img" aria-label="${html(`timeline of ${report.target.name}`)}">`,
    `<defs><pattern id="terminating" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="1.5" height="6" fill="#343a40" fill-opacity="0.55"/></pattern></defs>`,
  );

  // Row backgrounds and labels.
  rows.forEach((row, i) => {
    if (i % 2 === 1)
      out.push(
        `<rect x="0" y="${fmt(row.y)}" width="${W}" height="${fmt(row.height)}" fill="${COLOR.rowAlt}"/>`,
      );
  });

  // Steps: a band at the top and a faint band over the rows.
  m.steps.forEach(({ step, number, label }) => {
    const x1 = s.x(step.startedAt);
    const w = Math.max(1, s.x(step.endedAt) - x1);
    const title = `<title>${html(`step ${number}: ${label} (${step.suite}), ${offset(s.t0, step.startedAt)} to ${offset(s.t0, step.endedAt)}`)}</title>`;
    out.push(
      `<g class="step">${title}<rect x="${fmt(x1)}" y="${STEP_Y}" width="${fmt(w)}" height="${STEP_H}" fill="${COLOR.step}" stroke="${COLOR.stepLine}"/>`,
      `<rect x="${fmt(x1)}" y="${ROWS_Y}" width="${fmt(w)}" height="${fmt(rowsEnd - ROWS_Y)}" fill="${COLOR.step}" fill-opacity="0.45"/>`,
      fits(`${number}. ${label}`, w, 6.2)
        ? `<text x="${fmt(x1 + 3)}" y="${STEP_Y + 12}" font-size="11" fill="#1864ab">${html(`${number}. ${label}`)}</text>`
        : fits(String(number), w, 6.2)
          ? `<text x="${fmt(x1 + 3)}" y="${STEP_Y + 12}" font-size="11" fill="#1864ab">${number}</text>`
          : '',
      '</g>',
    );
  });

  // Grid and axis.
  const span = (s.t1 - s.t0) / 1000;
  const step = tickStep(span);
  const axisY = rowsEnd + 2;
  out.push(`<g class="axis" font-size="10" fill="#495057">`);
  for (let k = 0; k * step <= span + 1e-9 && k < 1000; k++) {
    const x = s.x(s.t0 + k * step * 1000);
    const label = step < 1 ? (k * step).toFixed(1) : String(k * step);
    out.push(
      `<line x1="${fmt(x)}" y1="${ROWS_Y}" x2="${fmt(x)}" y2="${fmt(axisY + 4)}" stroke="${COLOR.grid}"/>`,
      `<text x="${fmt(x)}" y="${fmt(axisY + 16)}" text-anchor="middle">${label}s</text>`,
    );
  }
  out.push(
    `<line x1="${LEFT}" y1="${fmt(axisY)}" x2="${W - RIGHT}" y2="${fmt(axisY)}" stroke="#868e96"/>`,
    '</g>',
  );

  // Incarnations.
  for (const row of rows) out.push(drawRow(report, derived, s, row));

  // Fault marks: vertical lines across the rows, labels staggered in the lanes above them.
  out.push(...drawMarks(report, derived, s, rowsEnd));

  // Violations.
  const rowOf = new Map(rows.map((r) => [r.ordinal, r]));
  out.push('<g class="violations">');
  for (const mk of markers) {
    const x = fmt(s.x(mk.at));
    const row = mk.ordinal === undefined ? undefined : rowOf.get(mk.ordinal);
    const title = `<title>${html(mk.text)}</title>`;
    if (row) {
      const r = Math.min(6, row.laneH / 2 - 1);
      out.push(
        `<circle class="violation" cx="${x}" cy="${fmt(row.y + 2 + row.laneH / 2)}" r="${fmt(r)}" fill="${COLOR.violation}" stroke="#fff" stroke-width="1.5">${title}</circle>`,
      );
    } else {
      // No ordinal, or its row is not shown: a triangle on the axis.
      const y = axisY;
      out.push(
        `<path class="violation" d="M${x} ${fmt(y - 1)} l-6 -10 h12 z" fill="${COLOR.violation}" stroke="#fff">${title}</path>`,
      );
    }
  }
  out.push('</g>', '</svg>');
  return out.join('\n');
}

function drawRow(report: RunReport, derived: Derived, s: Scale, row: Row): string {
  const out: string[] = [`<g class="row" data-ordinal="${row.ordinal}">`];
  const font = row.laneH >= 20 ? 11 : row.laneH >= 14 ? 10 : 8;
  out.push(
    `<text x="${LEFT - 8}" y="${fmt1(row.y + 2 + row.laneH / 2 + font / 3)}" font-size="${font}" text-anchor="end" fill="#212529">${html(podName(report, row.ordinal))}</text>`,
  );
  row.lanes.forEach((incs, lane) => {
    const y = row.y + 2 + lane * row.laneH;
    const h = row.laneH - 3;
    for (const inc of incs) out.push(drawIncarnation(derived, s, inc, y, h, font));
  });
  out.push('</g>');
  return out.join('\n');
}

function drawIncarnation(derived: Derived, s: Scale, inc: Incarnation, y: number, h: number, font: number) {
  const end = inc.deletedAt ?? derived.endedAt;
  const x1 = s.x(inc.createdAt);
  const x2 = Math.max(s.x(end), x1 + 1.5);
  const out: string[] = [`<g class="incarnation" data-uid="${html(inc.uid)}">`];
  const facts = [
    `${inc.name} uid ${inc.uid}`,
    `node ${inc.node ?? '(not scheduled)'}`,
    `created ${offset(s.t0, inc.createdAt)}${inc.preexisting ? ' (before the run)' : ''}`,
    ...inc.readyAt.map((t) => `Ready ${offset(s.t0, t)}`),
    ...inc.unreadyAt.map((t) => `not Ready ${offset(s.t0, t)}`),
    ...(inc.deletionRequestedAt === undefined
      ? []
      : [`deletion requested ${offset(s.t0, inc.deletionRequestedAt)}`]),
    inc.deletedAt === undefined ? 'still present at the end' : `deleted ${offset(s.t0, inc.deletedAt)}`,
    ...(inc.restarts.length ? [`${inc.restarts.length} container restart(s)`] : []),
  ];
  out.push(`<title>${html(facts.join('\n'))}</title>`);
  for (const seg of segments(inc, end)) {
    const a = s.x(seg.from);
    const b = Math.max(s.x(seg.to), a + 0.5);
    out.push(
      `<rect class="${seg.phase}" x="${fmt1(a)}" y="${fmt1(y)}" width="${fmt1(b - a)}" height="${fmt1(h)}" fill="${COLOR[seg.phase]}"/>`,
    );
  }
  if (inc.deletionRequestedAt !== undefined && inc.deletionRequestedAt < end) {
    const a = s.x(inc.deletionRequestedAt);
    out.push(
      `<rect class="terminating" x="${fmt1(a)}" y="${fmt1(y)}" width="${fmt1(Math.max(0.5, x2 - a))}" height="${fmt1(h)}" fill="url(#terminating)"/>`,
    );
  }
  out.push(
    `<rect x="${fmt1(x1)}" y="${fmt1(y)}" width="${fmt1(x2 - x1)}" height="${fmt1(h)}" fill="none" stroke="#495057" stroke-width="0.6"/>`,
  );
  for (const r of inc.restarts) {
    const x = fmt1(s.x(r.at));
    out.push(
      `<line x1="${x}" y1="${fmt1(y)}" x2="${x}" y2="${fmt1(y + h)}" stroke="#212529" stroke-width="1.5"/>`,
    );
  }
  const label = `${inc.uid.slice(0, 8)} ${inc.node ?? '(unscheduled)'}`;
  if (h >= 9 && fits(label, x2 - x1, font * 0.58)) {
    out.push(
      `<text x="${fmt1(x1 + 3)}" y="${fmt1(y + h / 2 + font / 3)}" font-size="${font}" fill="#111">${html(label)}</text>`,
    );
  }
  out.push('</g>');
  return out.join('');
}

/** Readiness phases of an incarnation from its creation to `end`. */
function segments(inc: Incarnation, end: number): { from: number; to: number; phase: Phase }[] {
  const transitions = [
    ...inc.readyAt.map((at) => ({ at, phase: 'ready' as const })),
    ...inc.unreadyAt.map((at) => ({ at, phase: 'unready' as const })),
  ].sort((a, b) => a.at - b.at);
  const out: { from: number; to: number; phase: Phase }[] = [];
  let phase: Phase = 'pending';
  let from = inc.createdAt;
  for (const t of transitions) {
    if (t.at > end) break;
    if (t.at > from) out.push({ from, to: t.at, phase });
    phase = t.phase;
    from = Math.max(from, t.at);
  }
  if (end > from || out.length === 0) out.push({ from, to: Math.max(end, from), phase });
  return out;
}

function drawMarks(report: RunReport, derived: Derived, s: Scale, rowsEnd: number): string[] {
  const out: string[] = ['<g class="marks">'];
  const laneRight: number[] = new Array(MARK_LANES).fill(Number.NEGATIVE_INFINITY);
  const top = STEP_Y + STEP_H + 4;
  for (const mark of derived.marks) {
    if (mark.mark !== 'fault-start' && mark.mark !== 'fault-end' && mark.mark !== 'revert') continue;
    const x = s.x(mark.at);
    const who =
      mark.ordinal !== undefined
        ? podName(report, mark.ordinal)
        : (mark.node ?? String(mark.details?.node ?? ''));
    const fault = mark.fault ?? 'fault';
    const text =
      mark.mark === 'fault-start'
        ? `▶ ${fault}${who ? ` ${who}` : ''}`
        : mark.mark === 'fault-end'
          ? `■ end ${fault}`
          : `↺ revert ${fault}`;
    const color = mark.mark === 'revert' ? COLOR.revert : COLOR.fault;
    const dash =
      mark.mark === 'fault-end'
        ? ' stroke-dasharray="5 3"'
        : mark.mark === 'revert'
          ? ' stroke-dasharray="2 2"'
          : '';
    const title = `<title>${html(`${mark.mark} ${fault}${who ? ` ${who}` : ''} at ${offset(s.t0, mark.at)}`)}</title>`;
    out.push(
      `<g class="mark ${mark.mark}">${title}<line x1="${fmt1(x)}" y1="${top}" x2="${fmt1(x)}" y2="${fmt1(rowsEnd)}" stroke="${color}" stroke-width="1.5"${dash}/>`,
    );
    // The first lane where the label does not run into the previous one; none: the line and tooltip only.
    const width = text.length * 6 + 6;
    const toRight = x + width < W - RIGHT;
    const left = toRight ? x : x - width;
    const lane = laneRight.findIndex((r) => r < left);
    if (lane >= 0) {
      const tx = toRight ? x + 3 : x - 3;
      laneRight[lane] = toRight ? x + width : x;
      out.push(
        `<text x="${fmt1(tx)}" y="${top + lane * MARK_LANE_H + 10}" font-size="10" fill="${color}"${toRight ? '' : ' text-anchor="end"'}>${html(text)}</text>`,
      );
    }
    out.push('</g>');
  }
  out.push('</g>');
  return out;
}

/** Whether `text` fits in `width` SVG units at about `charWidth` per character. */
function fits(text: string, width: number, charWidth: number): boolean {
  return text.length * charWidth + 6 <= width;
}

function fmt1(n: number): string {
  return String(Math.round(n * 10) / 10);
}
