/** Where the time of a whole run goes: the cluster's recovery against everything sts-chaos adds. */
import type { RunReport } from '../../src/report/types.ts';
import { sum } from './stats.ts';

export interface StepTime {
  readonly title: string;
  /** Step start → injection (waiting for health, writing the VOL-3 markers and the data check). */
  readonly beforeMs: number;
  /** Injection → the watch event that made the target recovered (the cluster's own time). */
  readonly recoveryMs: number;
  /** Recovered → verdict (reading markers back, checks). */
  readonly afterMs: number;
  /** Verdict → the next step's start (the fault's cleanup, the next test). */
  readonly betweenMs: number;
}

export interface Breakdown {
  readonly steps: readonly StepTime[];
  readonly totalMs: number;
  /** Run start → first step (config, Lease, preflight, recorder). */
  readonly startMs: number;
  /** Last verdict → run end (reverts, reports). */
  readonly endMs: number;
  readonly recoveryMs: number;
  /** Before, after and between steps, summed. */
  readonly overheadMs: number;
  /** totalMs / recoveryMs. */
  readonly ratio: number;
  readonly peakRssBytes: number;
  readonly requests: number;
  readonly watches: number;
  readonly execs: number;
}

/** The breakdown of a report's run; steps without timing (skipped) count as zero. */
export function breakdown(report: RunReport): Breakdown {
  const steps: StepTime[] = report.steps.map((s, i) => {
    const next = report.steps[i + 1];
    const t = s.timing;
    const end = t?.verdictAt ?? s.endedAt;
    const recoveredAt = t?.recoveredAt ?? end;
    return {
      title: s.title,
      beforeMs: t ? t.injectedAt - s.startedAt : 0,
      recoveryMs: t ? recoveredAt - t.injectedAt : 0,
      afterMs: t ? end - recoveredAt : 0,
      betweenMs: next ? next.startedAt - end : 0,
    };
  });
  const first = report.steps[0];
  const last = report.steps.at(-1);
  const lastEnd = last ? (last.timing?.verdictAt ?? last.endedAt) : report.startedAt;
  const totalMs = report.finishedAt - report.startedAt;
  const recoveryMs = sum(steps.map((s) => s.recoveryMs));
  const u = report.usage;
  return {
    steps,
    totalMs,
    startMs: (first?.startedAt ?? report.finishedAt) - report.startedAt,
    endMs: report.finishedAt - lastEnd,
    recoveryMs,
    overheadMs: sum(steps.map((s) => s.beforeMs + s.afterMs + s.betweenMs)),
    ratio: recoveryMs > 0 ? totalMs / recoveryMs : Number.POSITIVE_INFINITY,
    peakRssBytes: u?.peakRssBytes ?? 0,
    requests: u ? sum(Object.values(u.requests)) : 0,
    watches: u?.watches ?? 0,
    execs: u?.execs ?? 0,
  };
}
