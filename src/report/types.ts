import type { BaselineComparison } from '../baseline/types.ts';
import type { CheckResult } from '../checks/types.ts';
import type { Timeline } from '../timeline/types.ts';

/** One fault step of a run: what was done, to which ordinal/node, and the verdict of each check on it. */
export interface StepReport {
  /** e.g. "pod-kill (graceful) web-2" */
  readonly title: string;
  /** The suite that ran the step. */
  readonly suite: string;
  /** The step's ID in the catalogue (suites/index.ts), e.g. `identity/pod-kill-forced`. */
  readonly step?: string;
  /** The iteration of the suites the step ran in, from 1 (--repeat, --for). Absent in a run of one iteration. */
  readonly iteration?: number;
  readonly fault: string;
  readonly ordinal?: number;
  readonly node?: string;
  readonly startedAt: number;
  readonly endedAt: number;
  /**
   * The fault did not have its effect (the kill command failed …): the step is an error, its checks were
   * not judged (each is reported as skipped with this reason). Absent for a step that ran or was skipped.
   */
  readonly error?: string;
  /** One result per check evaluated for this step. */
  readonly results: readonly CheckResult[];
  /** REC-1 split: phase name -> milliseconds (deletion, scheduling, attach, start, ready, total). */
  readonly recovery?: Readonly<Record<string, number>>;
  /**
   * When the fault was injected, when the target was seen recovered (the watch event that completed the
   * recovery condition) and when the step's verdict was reached (epoch ms). Absent for a skipped step.
   */
  readonly timing?: {
    readonly injectedAt: number;
    readonly recoveredAt?: number;
    readonly verdictAt: number;
  };
  /** API use from injection to verdict. Absent for a skipped step. */
  readonly api?: ApiUsage;
  /** What the step found about the cluster besides the verdicts (a forced rollback …). Absent when none. */
  readonly findings?: readonly string[];
}

/** API requests by verb (watch requests apart) and exec sessions. */
export interface ApiUsage {
  readonly requests: Readonly<Record<string, number>>;
  readonly watches: number;
  readonly execs: number;
}

export type RunOutcome = 'passed' | 'failed' | 'interrupted' | 'revert-failed' | 'refused' | 'error';

export interface RunReport {
  readonly tool: { readonly name: 'sts-chaos'; readonly version: string };
  readonly runId: string;
  readonly target: { readonly namespace: string; readonly name: string };
  readonly startedAt: number;
  readonly finishedAt: number;
  /** API use of the whole run, and the process's peak resident memory. */
  readonly usage?: ApiUsage & { readonly peakRssBytes: number };
  readonly outcome: RunOutcome;
  readonly exitCode: number;
  /** One line saying why, when the outcome is not 'passed'. */
  readonly reason?: string;
  readonly steps: readonly StepReport[];
  /** The preflight findings (the plan), as printed lines. */
  readonly preflight: readonly string[];
  /** Reverts that failed and what needs a human. */
  readonly leftovers: readonly string[];
  /** The recovery times compared with a baseline (`--baseline`); absent without one. */
  readonly baseline?: BaselineComparison;
  readonly timeline: Timeline;
}
