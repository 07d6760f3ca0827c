/** The SVG timeline of report.html: one row per ordinal, steps, fault marks and violations over time. */
import type { Derived, Incarnation } from '../timeline/incarnations.ts';
import { derive } from '../timeline/incarnations.ts';
import { UPDATE_STEPS } from '../timeline/types.ts';
import { html } from './escape.ts';
import type { Model } from './model.ts';
import { iso, offset, podName } from './model.ts';
import {
  AXIS_H,
  COLOR,
  chooseOrdinals,
  fits,
  fmt1,
  LEFT,
  layoutRows,
  MARK_LANE_H,
  MARK_LANES,
  type Marker,
  RIGHT,
  ROWS_Y,
  type Row,
  type Scale,
  STEP_H,
  STEP_Y,
  scaleFor,
  segments,
  tickStep,
  violationMarkers,
  W,
} from './timeline-layout.ts';
import type { RunReport } from './types.ts';

export function timeline(report: RunReport, m: Model): string {
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
  const showRevision = rollout(derived);
  row.lanes.forEach((incs, lane) => {
    const y = row.y + 2 + lane * row.laneH;
    const h = row.laneH - 3;
    for (const inc of incs) out.push(drawIncarnation(derived, s, inc, y, h, font, showRevision));
  });
  out.push('</g>');
  return out.join('\n');
}

/** Whether the run saw more than one revision of the template (a rollout): then each bar names its own. */
function rollout(derived: Derived): boolean {
  const revisions = new Set<string>();
  for (const incs of derived.ordinals.values())
    for (const i of incs) if (i.revision) revisions.add(i.revision);
  return revisions.size > 1;
}

function drawIncarnation(
  derived: Derived,
  s: Scale,
  inc: Incarnation,
  y: number,
  h: number,
  font: number,
  showRevision: boolean,
) {
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
    ...(inc.revision ? [`revision ${inc.revision}`] : []),
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
  // The revision's hash (its last part) shows which template each incarnation ran: a rollout reads left to right.
  const rev = showRevision && inc.revision ? ` r:${inc.revision.split('-').at(-1)?.slice(0, 6)}` : '';
  const label = `${inc.uid.slice(0, 8)} ${inc.node ?? '(unscheduled)'}${rev}`;
  if (h >= 9 && fits(label, x2 - x1, font * 0.58)) {
    out.push(
      `<text x="${fmt1(x1 + 3)}" y="${fmt1(y + h / 2 + font / 3)}" font-size="${font}" fill="#111">${html(label)}</text>`,
    );
  }
  out.push('</g>');
  return out.join('');
}

function drawMarks(report: RunReport, derived: Derived, s: Scale, rowsEnd: number): string[] {
  const out: string[] = ['<g class="marks">'];
  const laneRight: number[] = new Array(MARK_LANES).fill(Number.NEGATIVE_INFINITY);
  const top = STEP_Y + STEP_H + 4;
  const phases = new Set<unknown>(Object.values(UPDATE_STEPS));
  for (const mark of derived.marks) {
    // An update's phases (partition restored, an OnDelete pod deleted, rollback, forced rollback).
    if (mark.mark === 'step' && phases.has(mark.details?.step)) {
      out.push(...phaseMark(report, s, mark, top, rowsEnd));
      continue;
    }
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

/** A phase of an update fault: a thin line across the rows, its name and pod in the tooltip only. */
function phaseMark(
  report: RunReport,
  s: Scale,
  mark: Derived['marks'][number],
  top: number,
  rowsEnd: number,
): string[] {
  const x = fmt1(s.x(mark.at));
  const ordinal = typeof mark.details?.ordinal === 'number' ? mark.details.ordinal : undefined;
  const pod = ordinal !== undefined ? podName(report, ordinal) : String(mark.details?.pod ?? '');
  const text = `${String(mark.details?.step)}${pod ? ` ${pod}` : ''} at ${offset(s.t0, mark.at)}`;
  return [
    `<g class="mark phase"><title>${html(text)}</title><line x1="${x}" y1="${top}" x2="${x}" y2="${fmt1(rowsEnd)}" stroke="${COLOR.fault}" stroke-width="1" stroke-dasharray="1 3"/></g>`,
  ];
}
