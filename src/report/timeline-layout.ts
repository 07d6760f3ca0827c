/**
 * The geometry of report.html's SVG timeline: sizes, colours, which ordinals get a row, the time scale,
 * the lanes of each row and the readiness segments of each incarnation.
 */
import type { Derived, Incarnation } from '../timeline/incarnations.ts';
import type { Model } from './model.ts';
import { checkName, violationLine } from './model.ts';
import type { RunReport } from './types.ts';

/** Ordinal rows drawn at most; beyond, the ordinals with something to see are chosen first. */
export const MAX_ROWS = 100;
/** Overlapping incarnations of one ordinal (two pod objects at once) get their own lane, up to this many. */
const MAX_LANES = 3;

export const W = 1200;
export const LEFT = 110;
export const RIGHT = 24;
export const STEP_Y = 6;
export const STEP_H = 16;
export const MARK_LANES = 3;
export const MARK_LANE_H = 13;
export const ROWS_Y = STEP_Y + STEP_H + 4 + MARK_LANES * MARK_LANE_H + 4;
export const AXIS_H = 30;

export const COLOR = {
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

export interface Scale {
  readonly t0: number;
  readonly t1: number;
  x(at: number): number;
}

export interface Marker {
  readonly at: number;
  readonly ordinal?: number;
  readonly text: string;
}

/** The violations of failed checks, one marker per distinct (at, ordinal, message), naming every check. */
export function violationMarkers(report: RunReport, m: Model): Marker[] {
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
export function chooseOrdinals(
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

export function scaleFor(report: RunReport, derived: Derived, markers: readonly Marker[]): Scale {
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
export function tickStep(spanSeconds: number): number {
  const nice = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 300, 600, 900, 1200, 1800, 3600, 7200];
  for (const n of nice) if (spanSeconds / n <= 12) return n;
  return Math.ceil(spanSeconds / 12 / 3600) * 3600;
}

export interface Row {
  readonly ordinal: number;
  readonly y: number;
  readonly height: number;
  readonly laneH: number;
  readonly lanes: readonly (readonly Incarnation[])[];
}

export function layoutRows(derived: Derived, shown: readonly number[], end: number): Row[] {
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

/** Readiness phases of an incarnation from its creation to `end`. */
export function segments(inc: Incarnation, end: number): { from: number; to: number; phase: Phase }[] {
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

/** Whether `text` fits in `width` SVG units at about `charWidth` per character. */
export function fits(text: string, width: number, charWidth: number): boolean {
  return text.length * charWidth + 6 <= width;
}

export function fmt1(n: number): string {
  return String(Math.round(n * 10) / 10);
}
