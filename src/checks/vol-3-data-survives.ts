import { getOrInsert } from '../timeline/collections.ts';
import { type MarkerContent, markerLine, markerMismatch, parseMarker } from '../timeline/marker.ts';
import { expectedOrdinals, specAt } from '../timeline/queries.ts';
import type { Entry } from '../timeline/types.ts';
import { DATA_WRITE_STEP, MARKER_WRITE_STEP } from '../timeline/types.ts';
import { defineVolumeCheck } from './define.ts';
import { count, ordinalNames, when } from './format.ts';
import { skip, verdict } from './result.ts';
import { type Bounds, within } from './scope.ts';
import type { Check, Violation } from './types.ts';

const ID = 'VOL-3';

/** One ordinal's reads after a fault: matching and failed reads, the last failure. */
interface AfterFault {
  good: number;
  failed: number;
  lastError?: string;
  at: number;
  fault: string;
}

/**
 * VOL-3 data survives: the marker each ordinal reads back before a fault (its last successful read before
 * the fault-start; a `marker-write` step starts a new baseline) is what it reads after the fault, and no
 * ordinal ever reads another ordinal's marker. An ordinal whose reads after the fault all failed fails too.
 * Ordinals whose claim a claim-deletion fault removed are not compared after it (VOL-4 reports that loss).
 * With a workload data check configured, every ordinal's verify after the fault must also have read back
 * every acknowledged write (a replica whose claim was deleted must have re-cloned them).
 */
export const vol3DataSurvives: Check = defineVolumeCheck(
  { id: ID, title: 'data survives', tags: ['volume', 'data'] },
  ({ input, derived, timeline, bounds: b }) => {
    const data = dataVerifies(input, b);
    if (derived.samples.marker.length === 0 && data.ordinals === 0 && data.violations.length === 0)
      return skip(
        ID,
        data.lostByPolicy
          ? 'the claims were deleted with the StatefulSet, as whenDeleted: Delete says: no data was left to compare (VOL-5 judges the policy and names the loss)'
          : data.before > 0
            ? `no marker reads were recorded, and the data check's verify ran only before any fault in the run (${count(data.before, 'sample')}): nothing was read back after a fault`
            : 'no marker reads were recorded',
      );

    const baseline = new Map<number, string>();
    const owner = new Map<string, number>();
    const exempt = new Set<number>();
    const after = new Map<number, AfterFault>();
    const violations: Violation[] = [];
    let phase: 'baseline' | 'after' = 'baseline';
    let fault = '';
    let compared = 0;
    let lostByPolicy = false;
    /** Ordinals whose marker could not be read before the fault (not compared), with the error. */
    const unreadable = new Map<number, string>();
    /** What each ordinal wrote at the last marker write (the expectation), and the paths it wrote on. */
    let written: Map<number, MarkerContent> | undefined;
    let paths: readonly string[] = [];

    const onMark = (e: Extract<Entry, { kind: 'mark' }>) => {
      if (e.mark === 'fault-start' && within(b, e.at)) {
        phase = 'after';
        fault = `${e.fault ?? 'fault'} at ${when(derived, e.at)}`;
        if (e.fault === 'claim-deletion') {
          if (e.ordinal === undefined) for (const o of baseline.keys()) exempt.add(o);
          else exempt.add(e.ordinal);
        }
        // A StatefulSet deleted with its pods under whenDeleted: Delete takes its claims: the data goes by
        // policy (VOL-5 judges and names that loss), nothing is left to compare.
        if (
          e.fault === 'recreate' &&
          e.details?.variant === 'delete' &&
          e.details?.whenDeleted === 'Delete'
        ) {
          lostByPolicy = true;
          for (const o of expectedOrdinals(specAt(derived, e.at))) exempt.add(o);
        }
      } else if (e.mark === 'step' && e.details?.step === MARKER_WRITE_STEP) {
        phase = 'baseline';
        baseline.clear();
        owner.clear();
        exempt.clear();
        unreadable.clear();
        written = writtenAt(e.details);
        paths = Array.isArray(e.details.paths) ? (e.details.paths as string[]) : [];
        // A write that failed is that ordinal's failure, never a stale baseline.
        const failed = (e.details.failed ?? {}) as Record<string, string>;
        if (within(b, e.at))
          for (const [o, err] of Object.entries(failed)) {
            exempt.add(Number(o));
            violations.push({
              at: e.at,
              ordinal: Number(o),
              message: `${derived.target.name}-${o} could not write its marker at ${when(derived, e.at)}: ${err}`,
            });
          }
      }
    };

    for (const e of timeline.entries) {
      if (e.kind === 'mark') onMark(e);
      if (e.kind !== 'sample' || e.probe !== 'marker') continue;
      if (phase === 'baseline') {
        // What was written is the expectation; a read before the fault only says the marker is there.
        if (written) continue;
        if (!e.ok) {
          unreadable.set(e.ordinal, e.value);
          continue;
        }
        unreadable.delete(e.ordinal);
        const prev = baseline.get(e.ordinal);
        if (prev !== undefined && owner.get(prev) === e.ordinal) owner.delete(prev);
        baseline.set(e.ordinal, e.value);
        if (!owner.has(e.value)) owner.set(e.value, e.ordinal);
        continue;
      }
      if (!within(b, e.at) || exempt.has(e.ordinal)) continue;
      const mine = written?.get(e.ordinal);
      const expected = written ? (mine ? markerLine(mine) : undefined) : baseline.get(e.ordinal);
      if (expected === undefined) continue;
      const state = getOrInsert(
        after,
        e.ordinal,
        (): AfterFault => ({ good: 0, failed: 0, at: e.at, fault }),
      );
      if (!e.ok) {
        state.failed += 1;
        state.lastError = e.value;
        state.at = e.at;
        continue;
      }
      compared += 1;
      if (mine) {
        const wrong = markerMismatch(e.value, mine, paths, derived.target.name);
        if (!wrong) state.good += 1;
        else
          violations.push({
            at: e.at,
            ordinal: e.ordinal,
            message: `${e.pod}${e.uid ? ` (uid ${e.uid})` : ''} read ${wrong} at ${when(derived, e.at)} after ${state.fault}`,
          });
        continue;
      }
      const from = owner.get(e.value);
      if (e.value === expected) state.good += 1;
      else if (from !== undefined && from !== e.ordinal)
        violations.push({
          at: e.at,
          ordinal: e.ordinal,
          message: `${e.pod}${e.uid ? ` (uid ${e.uid})` : ''} read ${derived.target.name}-${from}'s marker "${e.value}" at ${when(derived, e.at)} after ${state.fault}`,
        });
      else
        violations.push({
          at: e.at,
          ordinal: e.ordinal,
          message: `${e.pod}${e.uid ? ` (uid ${e.uid})` : ''} read marker "${e.value}" at ${when(derived, e.at)} after ${state.fault}, expected "${expected}"`,
        });
    }
    for (const [ordinal, s] of after) {
      if (s.good === 0 && s.failed > 0 && !violations.some((v) => v.ordinal === ordinal))
        violations.push({
          at: s.at,
          ordinal,
          message: `${derived.target.name}-${ordinal} could not read its marker back after ${s.fault}: ${s.failed} reads failed, last at ${when(derived, s.at)}: ${s.lastError}`,
        });
    }
    const notRead =
      unreadable.size > 0
        ? `not compared, their marker could not be read before the fault: ${[...unreadable]
            .map(([o, err]) => `${derived.target.name}-${o} (${err.slice(0, 120)})`)
            .join(', ')}`
        : '';
    if (after.size === 0 && violations.length === 0 && data.ordinals === 0 && data.violations.length === 0)
      return skip(
        ID,
        (lostByPolicy
          ? 'the claims were deleted with the StatefulSet, as whenDeleted: Delete says: no data was left to compare (VOL-5 judges the policy and names the loss)'
          : '') ||
          (notRead ||
            (baseline.size === 0 && !written
              ? 'no marker was read before a fault'
              : 'no marker was read back after a fault')) +
            (data.before > 0 ? `; the data check's verify ran only before any fault in the run` : ''),
      );
    const parts: string[] = [];
    if (after.size > 0)
      parts.push(
        `${count(after.size, 'ordinal')} read their own marker back after the fault (${compared} reads)${exempt.size > 0 ? `; not compared after their claim was deleted: ${ordinalNames(derived.target.name, [...exempt])}` : ''}`,
      );
    if (notRead) parts.push(notRead);
    if (data.ordinals > 0)
      parts.push(
        `the data check read ${data.seq > 0 ? `records 1..${data.seq}` : 'every acknowledged record'} back in ${count(data.ordinals, 'ordinal')}`,
      );
    return verdict(ID, [...violations, ...data.violations], parts.join('; '), {
      ordinals: after.size,
      reads: compared,
      ...(data.ordinals > 0 ? { dataOrdinals: data.ordinals, dataRecords: data.seq } : {}),
    });
  },
);

/** What each ordinal wrote at a marker-write mark (absent in timelines recorded before writes were). */
function writtenAt(details: Readonly<Record<string, unknown>>): Map<number, MarkerContent> | undefined {
  const w = details.written;
  if (!w || typeof w !== 'object') return undefined;
  const out = new Map<number, MarkerContent>();
  for (const [o, line] of Object.entries(w as Record<string, unknown>)) {
    const m = typeof line === 'string' ? parseMarker(line) : undefined;
    if (m) out.set(Number(o), { ordinal: m.ordinal, run: m.run, seq: m.seq });
  }
  return out;
}

/**
 * The workload data check's verify results in the window: each failed verify (after its retries) is a
 * violation naming the pod, the fault before it and what verify said was missing. `ordinals` counts the
 * ordinals verified after a fault in the window (what a pass rests on); `before` the verifies before any.
 */
function dataVerifies(
  input: Parameters<Check['evaluate']>[0],
  b: Bounds,
): { ordinals: number; before: number; seq: number; violations: Violation[]; lostByPolicy: boolean } {
  const { derived, timeline } = input;
  const seen = new Set<number>();
  const violations: Violation[] = [];
  let fault = 'the fault';
  let faulted = false;
  let before = 0;
  let seq = 0;
  /** Claims deleted with the StatefulSet by its policy: the data went with them (VOL-5's to judge). */
  let lostByPolicy = false;
  for (const e of timeline.entries) {
    if (!within(b, e.at)) continue;
    if (e.kind === 'mark' && e.mark === 'fault-start') {
      fault = `${e.fault ?? 'fault'} at ${when(derived, e.at)}`;
      faulted = true;
      if (e.fault === 'recreate' && e.details?.variant === 'delete' && e.details?.whenDeleted === 'Delete')
        lostByPolicy = true;
    }
    if (lostByPolicy && e.kind === 'sample' && e.probe === 'data') continue;
    if (
      e.kind === 'mark' &&
      e.mark === 'step' &&
      e.details?.step === DATA_WRITE_STEP &&
      e.details.ok === true
    )
      seq = Math.max(seq, Number(e.details.seq) || 0);
    if (e.kind !== 'sample' || e.probe !== 'data') continue;
    if (faulted) seen.add(e.ordinal);
    else before += 1;
    if (!e.ok)
      violations.push({
        at: e.at,
        ordinal: e.ordinal,
        message: `${e.pod}${e.uid ? ` (uid ${e.uid})` : ''}: the data check failed after ${fault}: ${e.value}`,
      });
  }
  return { ordinals: seen.size, before, seq, violations, lostByPolicy };
}
