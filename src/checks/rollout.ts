/**
 * What ORD-3 and ORD-5 share about rollouts: the update faults and their step marks, the replacements of a
 * pod by one of another revision, and the StatefulSet's status at the end of a window.
 */
import type { Derived, Incarnation, StatefulSetSpecView } from '../timeline/incarnations.ts';
import { specAt, statusAt } from '../timeline/queries.ts';
import type { MarkEntry } from '../timeline/types.ts';
import { when } from './format.ts';
import { type Bounds, within } from './scope.ts';
import type { Violation } from './types.ts';

/** The `step` marks named `step` made from `from` to `to` (inclusive), in order. */
export function stepMarks(derived: Derived, step: string, from: number, to: number): MarkEntry[] {
  return derived.marks.filter(
    (m) => m.mark === 'step' && m.details?.step === step && m.at >= from && m.at <= to,
  );
}

/** An incarnation replaced by one of another revision (the `controller-revision-hash` label). */
export interface Replacement {
  readonly ordinal: number;
  /** The new incarnation's revision. */
  readonly revision: string;
  readonly old: Incarnation;
  readonly next: Incarnation;
  /** When the old incarnation's deletion was requested (else when it went, else when the new one came). */
  readonly deletedAt: number;
  /** The new incarnation's first Ready. */
  readonly readyAt?: number;
}

/**
 * Each pair of consecutive incarnations of an ordinal on different revisions whose new one was created
 * within the bounds (not a pod that existed before recording began), in no particular order.
 */
export function replacements(derived: Derived, b: Bounds): Replacement[] {
  const out: Replacement[] = [];
  for (const list of derived.ordinals.values()) {
    for (let i = 1; i < list.length; i++) {
      const old = list[i - 1] as Incarnation;
      const next = list[i] as Incarnation;
      if (!old.revision || !next.revision || old.revision === next.revision) continue;
      if (next.preexisting || !within(b, next.createdAt)) continue;
      out.push({
        ordinal: next.ordinal,
        revision: next.revision,
        old,
        next,
        deletedAt: old.deletionRequestedAt ?? old.deletedAt ?? next.createdAt,
        readyAt: next.readyAt[0],
      });
    }
  }
  return out;
}

/**
 * `maxUnavailable` as a number of pods, as the controller computes it: a percentage of the replicas
 * rounded up, at least 1. Unset is 1.
 */
export function maxUnavailableOf(spec: Pick<StatefulSetSpecView, 'maxUnavailable' | 'replicas'>): number {
  const m = spec.maxUnavailable;
  if (m === undefined) return 1;
  if (typeof m === 'number') return Math.max(1, m);
  const pct = /^(\d+)%$/.exec(m);
  const n = pct ? Math.ceil((Number(pct[1]) * spec.replicas) / 100) : Number(m);
  return Number.isFinite(n) ? Math.max(1, n) : 1;
}

/** The status of the StatefulSet at the end of a window, against a finished rollout. */
export interface EndState {
  /** A violation at the window's end naming each inconsistency, when there is one. */
  readonly violation?: Violation;
  /** What was compared and found consistent, or why nothing was ("no status recorded"). */
  readonly summary: string;
}

/**
 * The StatefulSet's last status in the bounds against a finished rollout: `observedGeneration` at least
 * `generation`; `updatedReplicas` = replicas − partition (under OnDelete, every replica: the step deleted
 * them all); `currentRevision` = `updateRevision` under RollingUpdate with partition 0 (the controller
 * never moves currentRevision under OnDelete). A field the status did not report is not compared.
 */
export function endState(derived: Derived, b: Bounds): EndState {
  const st = statusAt(derived, b.to);
  if (!st) return { summary: 'end state not compared: no status of the StatefulSet was recorded' };
  const spec = specAt(derived, b.to);
  const onDelete = spec.updateStrategy === 'OnDelete';
  const problems: string[] = [];
  const good: string[] = [];
  if (st.generation !== undefined && st.observedGeneration !== undefined) {
    if (st.observedGeneration < st.generation)
      problems.push(
        `observedGeneration ${st.observedGeneration} is below generation ${st.generation} (the controller had not acted on the last spec)`,
      );
    else good.push(`generation ${st.generation} observed`);
  }
  if (st.updatedReplicas !== undefined) {
    const expected = onDelete ? spec.replicas : Math.max(0, spec.replicas - spec.partition);
    const how = onDelete
      ? `replicas ${spec.replicas}, every pod deleted under OnDelete`
      : `replicas ${spec.replicas} − partition ${spec.partition}`;
    if (st.updatedReplicas !== expected)
      problems.push(`updatedReplicas is ${st.updatedReplicas}, not ${expected} (${how})`);
    else good.push(`updatedReplicas ${expected} (${how})`);
  }
  if (!onDelete && spec.partition === 0 && st.currentRevision && st.updateRevision) {
    if (st.currentRevision !== st.updateRevision)
      problems.push(
        `currentRevision ${st.currentRevision} is not updateRevision ${st.updateRevision} although the partition is 0`,
      );
    else good.push(`currentRevision = updateRevision ${st.updateRevision}`);
  }
  if (problems.length > 0)
    return {
      violation: {
        at: b.to,
        message: `at the window's end (${when(derived, b.to)}; status of ${when(derived, st.at)}) the rollout was not finished: ${problems.join('; ')}`,
      },
      summary: '',
    };
  return {
    summary:
      good.length > 0
        ? `end state consistent: ${good.join(', ')}`
        : 'end state not compared: the status reported no generation, updatedReplicas or revisions',
  };
}

/** "web-1 (uid 1234, revision web-5d8f)". */
export function podRevision(inc: Incarnation): string {
  return `${inc.name} (uid ${inc.uid}, revision ${inc.revision ?? 'unknown'})`;
}

/** The revision a new pod should carry when created at t: the status's updateRevision then. */
export function updateRevisionAt(derived: Derived, t: number): string | undefined {
  return statusAt(derived, t)?.updateRevision;
}
