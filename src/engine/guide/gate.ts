/**
 * The guided game day (`--step`): before each fault step, once its victim is chosen and before anything
 * is injected, the session hands the step's plan to a gate and waits for the operator's answer. The
 * gates: a terminal (`terminal.ts`) and the Job's annotation in a cluster (`cluster.ts`); `open.ts`
 * picks one. Tests pass their own.
 */
import type { CheckId } from '../../catalogue/types.ts';

/** The operator's answer: run the step, skip it (its checks skipped), or stop the run (every fault reverted). */
export type GateDecision = 'continue' | 'skip' | 'abort';

/** What a step is about to do, as the operator sees it before answering. */
export interface StepPlan {
  /**
   * The step's number in the run, from 1, every iteration counted (`step 3 of 14`): what the Job's
   * annotation names (`sts-chaos.io/continue=3`).
   */
  readonly number: number;
  /** How many steps the run takes in all, when known (the plan's count × --repeat). @default unknown (--for) */
  readonly of?: number;
  /** The iteration of the suites the step is in, from 1 (--repeat, --for). @default none (one iteration) */
  readonly iteration?: number;
  readonly suite: string;
  /** The step's catalogue ID (`identity/pod-kill-forced`). */
  readonly step: string;
  /** `pod-kill (forced) web-2`, as the report titles the step. */
  readonly title: string;
  /** `namespace/name` of the StatefulSet. */
  readonly target: string;
  readonly victim: { readonly pod: string; readonly node: string; readonly ordinal: number };
  /** What will be done, to which pod or node. */
  readonly does: string;
  /** What will be checked: each check's ID and its title in the catalogue. */
  readonly checks: readonly { readonly id: CheckId; readonly title: string }[];
  /** How it is reverted (or why there is nothing to revert). */
  readonly revert: string;
}

/** Waits for the operator's answer on a step; `signal` (SIGTERM, the run's own abort) ends the wait. */
export interface StepGate {
  /**
   * Shows `plan` and resolves to the operator's answer. Rejects when `signal` aborts (the run then stops
   * and reverts), with the signal's reason.
   */
  before(plan: StepPlan, signal: AbortSignal): Promise<GateDecision>;
}

/** A gate that lives as long as the run (a terminal's input, a watch of the Job). */
export interface Guide extends StepGate {
  /** How long the run has waited for the operator so far (progress leaves it out of a step's time). */
  readonly waitedMs: number;
  /** Stops reading the terminal or watching the Job. */
  close(): Promise<void>;
}

/** Why the run stops, in the words the report and the verdict use. */
export const ABORTED_BY_OPERATOR = 'aborted by the operator';
/** The reason of every check of a step the operator skipped. */
export const SKIPPED_BY_OPERATOR = 'skipped by the operator';

/** The error a wait ends with when the signal aborts: its reason, or one that says so. */
export function waitEnded(signal: AbortSignal): Error {
  return signal.reason instanceof Error
    ? signal.reason
    : new Error('the wait for the operator was interrupted');
}
