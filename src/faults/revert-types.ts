import type { Logger } from 'pino';
import type { PodExec } from '../kube/exec.ts';
import type { KubeHttp } from '../kube/http.ts';

/** What a revert acts with (a run's, or `cleanup`'s after a killed run). */
export interface RevertDeps {
  readonly http: KubeHttp;
  readonly exec: PodExec;
  readonly log: Logger;
  /** Ends the revert's own sleeps (a retry's pause); a revert itself is never skipped. @default none */
  readonly signal?: AbortSignal;
}

/**
 * Every revert a fault can register, by kind: what the ledger stores (the kind and these string fields)
 * so that the next run, `cleanup` or the chart's hook can undo it after this process died. Each is
 * declared beside the fault that registers it.
 */
export type RevertSpec =
  /** node-cordon, node-drain (src/faults/node-cordon.ts) */
  | { readonly kind: 'uncordon'; readonly node: string }
  /** probe-breakage by SIGSTOP (src/faults/probe-breakage-revert.ts) */
  | {
      readonly kind: 'resume-processes';
      readonly namespace: string;
      readonly pod: string;
      readonly uid: string;
      readonly container: string;
    }
  /** probe-breakage with the user's break command (src/faults/probe-breakage-revert.ts) */
  | {
      readonly kind: 'heal-command';
      readonly namespace: string;
      readonly pod: string;
      readonly container: string;
      readonly command: string;
    }
  /** scale (src/faults/scale.ts) */
  | { readonly kind: 'scale'; readonly namespace: string; readonly name: string; readonly replicas: string }
  /**
   * rolling-update partition (src/faults/update-ops.ts): the user's partition ('' when unset), and the
   * one the step set (restored only while it is still that)
   */
  | {
      readonly kind: 'restore-partition';
      readonly namespace: string;
      readonly name: string;
      readonly partition: string;
      readonly set: string;
    }
  /**
   * bad-release (src/faults/bad-release-ops.ts): the user's pod template (JSON), the container and the
   * bad image put in it; the revert also deletes pods stuck on that image (the forced rollback)
   */
  | {
      readonly kind: 'restore-template';
      readonly namespace: string;
      readonly name: string;
      readonly template: string;
      readonly container: string;
      readonly badImage: string;
    }
  /**
   * recreate (src/faults/recreate-ops.ts): the StatefulSet's saved manifest (JSON: metadata and spec as
   * the user made them) and the UID of the object the step deletes
   */
  | {
      readonly kind: 'recreate-statefulset';
      readonly namespace: string;
      readonly name: string;
      readonly manifest: string;
      readonly oldUid: string;
    }
  /** node-loss (src/faults/node-loss.ts) */
  | { readonly kind: 'node-up'; readonly node: string; readonly command: string }
  /** node-loss with --fence out-of-service (src/faults/node-fence.ts) */
  | { readonly kind: 'untaint'; readonly node: string; readonly key: string }
  /** node-loss by the node agent (src/faults/agent-revert.ts); lease is '' without the dead-man's switch */
  | {
      readonly kind: 'agent-resume';
      readonly node: string;
      readonly namespace: string;
      readonly pod: string;
      readonly lease: string;
      readonly deadline: string;
    };

export type RevertKind = RevertSpec['kind'];
export type RevertOf<K extends RevertKind> = Extract<RevertSpec, { readonly kind: K }>;
/** Undoes one revert spec. Idempotent: running it twice does no harm. */
export type RevertAction<K extends RevertKind> = (deps: RevertDeps, spec: RevertOf<K>) => Promise<void>;
