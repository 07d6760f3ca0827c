import type { Logger } from 'pino';
import type { RunConfig } from '../config/types.ts';
import type { Reverts } from '../engine/reverts.ts';
import type { Target } from '../engine/target.ts';
import type { PodExec } from '../kube/exec.ts';
import type { KubeHttp } from '../kube/http.ts';
import type { Recorder } from '../timeline/recorder.ts';
import type { FaultName } from '../timeline/types.ts';

/** What a fault gets to act with. */
export interface FaultEnv {
  readonly http: KubeHttp;
  readonly exec: PodExec;
  readonly recorder: Recorder;
  readonly reverts: Reverts;
  readonly log: Logger;
  readonly config: RunConfig;
  readonly target: Target;
  readonly signal: AbortSignal;
}

/** The pod a fault acts on, as it was just before. */
export interface Victim {
  readonly ordinal: number;
  readonly pod: string;
  readonly uid: string;
  readonly node: string;
  readonly restartCount: number;
}

/** What recovery must observe for the victim's ordinal once the fault has acted. */
export type RecoveryExpectation =
  /** A new incarnation (new UID) is Ready. */
  | 'new-uid'
  /** The same pod, its container restarted (restartCount grew), is Ready. */
  | 'restart'
  /** The same pod is Ready again. */
  | 'ready';

export interface FaultRun {
  readonly expect: RecoveryExpectation;
  /** Runs after recovery (e.g. uncordon): the fault's end. */
  readonly afterRecovery?: () => Promise<void>;
  /** Runs after the checks were evaluated: tidies what the step made (never part of what is judged). */
  readonly cleanup?: () => Promise<void>;
}

/** One fault: it says whether it applies, registers its revert before it acts, and acts. */
export interface Fault {
  readonly name: FaultName | ScenarioName;
  /** e.g. "graceful", "forced", "readiness" */
  readonly variant?: string;
  /** Why the fault cannot run on this target (the step is skipped with it), or undefined. */
  applicable(env: FaultEnv, victim: Victim): Promise<string | undefined>;
  inject(env: FaultEnv, victim: Victim): Promise<FaultRun>;
}

/** Scenario steps that are not faults but exercise the controller (ordering checks). */
export type ScenarioName = 'scale' | 'rolling-update';
