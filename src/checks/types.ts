import type { Derived } from '../timeline/incarnations.ts';
import type { Timeline } from '../timeline/types.ts';
import { Duration } from '../util/duration.ts';

export interface CheckOptions {
  /**
   * REC-1: time allowed for every ordinal to be Ready again after each fault. PRB-1/PRB-2 also allow it for
   * the pod to be Ready again after the probe is healed.
   * @default 5m
   */
  readonly budget: Duration;
  /**
   * REC-1: how long after a fault's end (or revert) mark an ordinal may still start losing readiness because
   * of it (status propagation, probe periods). Later disruptions are not blamed on the fault.
   * @default 30s
   */
  readonly settle: Duration;
  /**
   * ID-3: time allowed, once an incarnation is Ready, for its DNS name to resolve to its pod IP.
   * @default 60s
   */
  readonly dnsBudget: Duration;
  /**
   * SB-4: two role samples saying primary from different ordinals closer than this (with no step-down of the
   * earlier one in between) are two writers at once.
   * @default 1s
   */
  readonly roleOverlap: Duration;
  /**
   * SB-4: role sample values that mean "this pod is the primary" (compared trimmed and case-insensitively).
   * @default ['primary', 'leader', 'master']
   */
  readonly primaryValues: readonly string[];
  /**
   * SB-3: time allowed, after a lost node comes back, for the old incarnations on it to be gone.
   * @default 2m
   */
  readonly nodeReturnGrace: Duration;
  /**
   * ID-3: why no DNS sample could be taken at all (no pod of the target can resolve names, and sts-chaos
   * runs outside the cluster). When set, ID-3 is skipped with it, whatever the timeline holds.
   * @default undefined (names were sampled)
   */
  readonly dnsUnsampled?: string;
}

export const defaultCheckOptions: CheckOptions = {
  budget: Duration.minutes(5),
  settle: Duration.seconds(30),
  dnsBudget: Duration.seconds(60),
  roleOverlap: Duration.seconds(1),
  primaryValues: ['primary', 'leader', 'master'],
  nodeReturnGrace: Duration.minutes(2),
};

/** The defaults with `overrides` applied. */
export function checkOptions(overrides: Partial<CheckOptions> = {}): CheckOptions {
  return { ...defaultCheckOptions, ...overrides };
}

/** Restricts a check to part of the run: faults that start in it, violations that happen in it. */
export interface CheckWindow {
  readonly from: number;
  readonly to: number;
  /** Only faults of this name. */
  readonly fault?: string;
}

export interface CheckInput {
  readonly timeline: Timeline;
  /** `derive(timeline)`, computed once and shared by all checks. */
  readonly derived: Derived;
  readonly window?: CheckWindow;
  readonly options: CheckOptions;
}

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface Violation {
  readonly at: number;
  readonly ordinal?: number;
  readonly message: string;
}

/** Where the slowest ordinal's recovery went, from pod status and Events (ms each). */
export interface RecoveryPhases {
  readonly deletionMs: number;
  readonly schedulingMs: number;
  readonly volumeAttachMs: number;
  readonly containerStartMs: number;
  readonly readyMs: number;
}

/** REC-1's answer for its window: the slowest recovery from the fault, and its phases. */
export interface Recovery {
  readonly totalMs: number;
  /** Absent when no ordinal lost readiness. */
  readonly phases?: RecoveryPhases;
}

export interface CheckResult {
  readonly id: string;
  readonly status: CheckStatus;
  /** Always set: what was verified (pass), why it cannot apply (skip), what broke (fail). */
  readonly reason: string;
  readonly violations: readonly Violation[];
  readonly measurements?: Readonly<Record<string, number>>;
  /** REC-1 only: the slowest recovery in the window, typed (the report's recovery split). */
  readonly recovery?: Recovery;
}

export interface Check {
  /** The catalogue ID, e.g. "SB-2". */
  readonly id: string;
  readonly title: string;
  readonly tags: readonly string[];
  /** Pure: reads the input, never the cluster or the clock. */
  evaluate(input: CheckInput): CheckResult;
}
