import type { Logger } from 'pino';
import type { FaultId, RunConfig } from '../config/types.ts';
import type { Reverts } from '../engine/reverts.ts';
import type { Target } from '../engine/target.ts';
import type { PodExec } from '../kube/exec.ts';
import type { KubeHttp } from '../kube/http.ts';
import type { Recorder } from '../timeline/recorder.ts';
import type { Duration } from '../util/duration.ts';

/** The run's Lease as a node agent sees it (src/agent/run-watch.ts), and the run's resume request. */
export interface RunLeaseRef {
  /** `namespace/name` */
  readonly lease: string;
  readonly holder: string;
  /** How often the run renews it. */
  readonly period: Duration;
  /** Asks the agents of these nodes (comma-separated, or `*`) to resume their kubelet now. */
  requestResume(nodes: string): Promise<void>;
  clearResume(): Promise<void>;
}

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
  /** The run's Lease (node agents read it). @default none (tests) */
  readonly lease?: RunLeaseRef;
}

/**
 * A fault that did not have its effect (the kill command failed, the node never went NotReady …): the
 * step is an error (a JUnit <error>, exit 1, this message), its checks are not judged, and the run goes
 * on with its next steps once the target is healthy again.
 */
export class FaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultError';
  }
}

/**
 * A fault that acted but that this target's design makes invisible to its checks (a probe a freeze
 * cannot break): the step is skipped with this reason, which names the way out; the run goes on.
 */
export class FaultSkipped extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultSkipped';
  }
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
  | 'ready'
  /** A rollout (the updates suite): every ordinal at or above the partition on the update revision, all Ready. */
  | 'updated';

export interface FaultRun {
  readonly expect: RecoveryExpectation;
  /** Runs after recovery (e.g. uncordon): the fault's end. */
  readonly afterRecovery?: () => Promise<void>;
  /** Runs after the checks were evaluated: tidies what the step made (never part of what is judged). */
  readonly cleanup?: () => Promise<void>;
  /**
   * What the step found about the cluster besides the verdicts (e.g. "rollback needed a manual pod
   * deletion (forced rollback)" with the Kubernetes version and policy), read after recovery. @default none
   */
  readonly findings?: () => readonly string[];
}

/**
 * What a fault disrupts: `pod`, the victim pod only (a cordon or a drain acts on a node but moves only
 * the victim); `node`, every pod of the target on the victim's node, so the victim is chosen on a node
 * holding at most --max-disrupted of them; `set`, the whole StatefulSet one ordinal at a time (an update:
 * the victim is the highest ordinal, the first the controller replaces).
 */
export type BlastRadius = 'pod' | 'node' | 'set';

/** One fault: it says whether it applies, registers its revert before it acts, and acts. */
export interface Fault {
  readonly name: FaultId;
  /** e.g. "graceful", "forced", "readiness" */
  readonly variant?: string;
  readonly blastRadius: BlastRadius;
  /**
   * The fault changes the target's spec itself (scale, updates: `true`) or deletes and re-creates the
   * object (`recreate`): the guard that aborts the run when someone else scales, updates or deletes the
   * target lets this step's own changes through. @default false
   */
  readonly changesTarget?: boolean | 'recreate';
  /** Why the fault cannot run on this target (the step is skipped with it), or undefined. */
  applicable(env: FaultEnv, victim: Victim): Promise<string | undefined>;
  inject(env: FaultEnv, victim: Victim): Promise<FaultRun>;
}
