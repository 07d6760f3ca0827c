import type { Derived, FaultSpan, Incarnation } from '../timeline/incarnations.ts';
import { expectedOrdinals, faultEnd, incarnationAt, readyAtTime, specAt } from '../timeline/queries.ts';
import { attachStep } from './attachments.ts';
import { defineCheck } from './define.ts';
import { count, list, podRef, podState, span, when } from './format.ts';
import { skip, verdict } from './result.ts';
import { faultsInScope } from './scope.ts';
import type { Check, RecoveryPhases, Violation } from './types.ts';

const ID = 'REC-1';

interface Recovery {
  readonly ordinal: number;
  readonly disruptedAt: number;
  readonly recoveredAt: number;
  readonly by: Incarnation;
  readonly phases: Phases;
}

/** The phases, and whether the new pod's volumes had no attach step at all (no VolumeAttachment). */
interface Phases extends RecoveryPhases {
  readonly noAttachStep?: boolean;
}

/** When the ordinal first stopped being Ready (or started going away) in [from, until), if it did. */
function disruption(derived: Derived, ordinal: number, from: number, until: number): number | undefined {
  const inc = incarnationAt(derived, ordinal, from);
  if (!inc || !readyAtTime(inc, from)) return from;
  const candidates = [inc.deletionRequestedAt, inc.deletedAt, inc.unreadyAt.find((u) => u >= from)].filter(
    (t): t is number => t !== undefined && t >= from && t < until,
  );
  return candidates.length > 0 ? Math.min(...candidates) : undefined;
}

/** First time at or after t that some incarnation of the ordinal is Ready and not terminating. */
function recovery(derived: Derived, ordinal: number, t: number): { at: number; by: Incarnation } | undefined {
  let best: { at: number; by: Incarnation } | undefined;
  for (const inc of derived.ordinals.get(ordinal) ?? []) {
    if (inc.deletedAt !== undefined && inc.deletedAt <= t) continue;
    const r = inc.readyAt.find(
      (x) => x >= t && (inc.deletionRequestedAt === undefined || x < inc.deletionRequestedAt),
    );
    const at = r ?? (readyAtTime(inc, t) && inc.deletionRequestedAt === undefined ? t : undefined);
    if (at !== undefined && (!best || at < best.at)) best = { at, by: inc };
  }
  return best;
}

function eventAt(
  inc: Incarnation,
  reason: string,
  from: number,
  to: number,
  last = false,
): number | undefined {
  const hits = inc.events.filter((e) => e.reason === reason && e.at >= from && e.at <= to);
  return (last ? hits.at(-1) : hits[0])?.at;
}

/**
 * Splits [fault start, ready] into contiguous phases from pod status, VolumeAttachments and Events, where
 * present. The attach phase ends when the new pod's volumes were attached to its node (the attachment's
 * watch event), else at its `SuccessfulAttachVolume` Event; volumes with no VolumeAttachment at all have no
 * attach step.
 */
function phasesOf(derived: Derived, f: FaultSpan, ordinal: number, by: Incarnation, readyAt: number): Phases {
  const t0 = f.startedAt;
  const old = incarnationAt(derived, ordinal, t0);
  const clamp = (t: number | undefined, lo: number) => Math.min(Math.max(t ?? lo, lo), readyAt);
  if (old === by) {
    // Same pod: a container restart at most.
    const started = clamp(
      eventAt(by, 'Started', t0, readyAt, true) ?? by.restarts.find((r) => r.at >= t0 && r.at <= readyAt)?.at,
      t0,
    );
    return {
      deletionMs: 0,
      schedulingMs: 0,
      volumeAttachMs: 0,
      containerStartMs: started - t0,
      readyMs: readyAt - started,
    };
  }
  const deleted = clamp(old?.deletedAt ?? by.createdAt, t0);
  const scheduled = clamp(by.scheduledAt ?? by.createdAt, deleted);
  const step = attachStep(derived, by, scheduled, readyAt);
  const event = eventAt(by, 'SuccessfulAttachVolume', scheduled, readyAt);
  const attached = clamp(typeof step === 'number' ? step : event, scheduled);
  const running = clamp(eventAt(by, 'Started', attached, readyAt, true) ?? by.runningAt, attached);
  return {
    deletionMs: deleted - t0,
    schedulingMs: scheduled - deleted,
    volumeAttachMs: attached - scheduled,
    containerStartMs: running - attached,
    readyMs: readyAt - running,
    ...(step === 'none' && event === undefined ? { noAttachStep: true } : {}),
  };
}

function describePhases(p: Phases): string {
  const attach = p.noAttachStep ? 'no attach step' : `volume attach ${span(p.volumeAttachMs)}`;
  return `deletion ${span(p.deletionMs)}, scheduling ${span(p.schedulingMs)}, ${attach}, container start ${span(p.containerStartMs)}, ready ${span(p.readyMs)}`;
}

/** The numeric phases alone (what the report's recovery split and the measurements carry). */
function numeric({ noAttachStep: _, ...p }: Phases): RecoveryPhases {
  return p;
}

/**
 * REC-1 recovery time: after each fault, every ordinal that lost readiness (or started going away) while the
 * fault acted (until its end mark plus `settle`, and before the next fault) is Ready again within the budget.
 * The slowest ordinal's time is split into deletion, scheduling, volume attach, container start and Ready,
 * from pod status and Events where present.
 */
export const rec1RecoveryTime: Check = defineCheck(
  { id: ID, title: 'recovery time', tags: ['recovery'] },
  ({ input, derived, options, bounds: b }) => {
    const faults = faultsInScope(input);
    if (faults.length === 0) return skip(ID, 'no fault happened during the run');
    const budget = options.budget.toMilliseconds();
    const settle = options.settle.toMilliseconds();

    const violations: Violation[] = [];
    const summaries: string[] = [];
    const measurements: Record<string, number> = {};
    let worstOverall = 0;
    let worstPhases: RecoveryPhases | undefined;
    let judged = 0;
    const unjudged: string[] = [];
    faults.forEach((f, i) => {
      const next = derived.faults.find((g) => g.startedAt > f.startedAt);
      const end = faultEnd(f);
      const until = Math.min(next?.startedAt ?? b.to, b.to, end === undefined ? b.to : end + settle);
      const label = `${f.fault}${f.ordinal === undefined ? '' : ` of ordinal ${f.ordinal}`}${f.node === undefined ? '' : ` on ${f.node}`} at ${when(derived, f.startedAt)}`;
      const key = `fault${i + 1}.${f.fault}`;
      const expected = expectedOrdinals(specAt(derived, f.startedAt));
      // Nothing to watch, or no time to watch it in: the fault compared no ordinal's readiness.
      if (until <= f.startedAt || expected.length === 0) {
        unjudged.push(
          `${label}: ${expected.length === 0 ? 'no ordinal was expected (replicas 0)' : 'nothing was recorded after it'}`,
        );
        return;
      }
      judged += 1;
      const recoveries: Recovery[] = [];
      for (const ordinal of expected) {
        const disruptedAt = disruption(derived, ordinal, f.startedAt, until);
        if (disruptedAt === undefined) continue;
        const r = recovery(derived, ordinal, disruptedAt);
        if (!r || r.at > b.to) {
          const last = derived.ordinals.get(ordinal)?.at(-1);
          violations.push({
            at: disruptedAt,
            ordinal,
            message: `after ${label}: ${derived.target.name}-${ordinal} was not Ready again by the end of the run (${span(b.to - f.startedAt)} after the fault); last state: ${last ? `${podRef(last)} ${podState(derived, last)}` : 'no pod'}`,
          });
          continue;
        }
        recoveries.push({
          ordinal,
          disruptedAt,
          recoveredAt: r.at,
          by: r.by,
          phases: phasesOf(derived, f, ordinal, r.by, r.at),
        });
      }
      if (recoveries.length === 0) {
        summaries.push(`${label}: no ordinal lost readiness`);
        measurements[`${key}.recoveryMs`] = 0;
        return;
      }
      const slowest = recoveries.reduce((x, y) => (y.recoveredAt > x.recoveredAt ? y : x));
      const took = slowest.recoveredAt - f.startedAt;
      if (took >= worstOverall) {
        worstOverall = took;
        worstPhases = numeric(slowest.phases);
      }
      measurements[`${key}.recoveryMs`] = took;
      for (const [phase, ms] of Object.entries(numeric(slowest.phases))) measurements[`${key}.${phase}`] = ms;
      const detail = `${podRef(slowest.by)} Ready at ${when(derived, slowest.recoveredAt)}, ${span(took)} after the fault (${describePhases(slowest.phases)})`;
      // A rollout replaces the ordinals one at a time: each against the budget from its own disruption,
      // the whole against the budget per ordinal replaced. Any other fault: every ordinal from the fault.
      const rollout = f.fault === 'rolling-update' || f.fault === 'bad-release';
      const over = recoveries.filter((r) => r.recoveredAt - (rollout ? r.disruptedAt : f.startedAt) > budget);
      const allowed = rollout ? budget * recoveries.length : budget;
      if (over.length > 0 || took > allowed) {
        const first = over[0];
        const worst =
          rollout && first
            ? `; ${podRef(first.by)} Ready ${span(first.recoveredAt - first.disruptedAt)} after its own disruption`
            : '';
        violations.push({
          at: (rollout && first ? first : slowest).recoveredAt,
          ordinal: (rollout && first ? first : slowest).ordinal,
          message: `after ${label}: ${count(recoveries.length, 'ordinal')} recovered, ${over.length} over the budget of ${options.budget}${rollout ? ` each (the rollout: ${span(took)} of ${span(allowed)})` : ''}${worst}; slowest ${detail}`,
        });
      } else {
        summaries.push(`${label}: ${count(recoveries.length, 'ordinal')} Ready again, slowest ${detail}`);
      }
    });
    if (judged === 0)
      return skip(ID, `${list(unjudged)}: no ordinal's readiness could be followed after a fault`);
    summaries.push(...unjudged);
    // The slowest recovery of all, unprefixed: with one fault per window, these are that fault's.
    measurements.recoveryMs = worstOverall;
    if (worstPhases) Object.assign(measurements, worstPhases);
    const result = verdict(ID, violations, `within ${options.budget}: ${list(summaries)}`, measurements);
    return {
      ...result,
      recovery: { totalMs: worstOverall, ...(worstPhases ? { phases: worstPhases } : {}) },
    };
  },
);
