import type { Duration } from '../util/duration.ts';

/** The suites, by name; `suites/<name>.ts` holds each. */
export type SuiteName =
  | 'identity'
  | 'ordering'
  | 'volumes'
  | 'probes'
  | 'split-brain'
  | 'updates'
  | 'recreate';
export const SUITE_NAMES: readonly SuiteName[] = [
  'identity',
  'ordering',
  'volumes',
  'probes',
  'split-brain',
  'updates',
  'recreate',
];
/**
 * The suites a run takes when none is named: `updates` rolls every pod and `recreate` deletes the
 * StatefulSet object itself, so each is asked for by name.
 */
export const DEFAULT_SUITES: readonly SuiteName[] = SUITE_NAMES.filter(
  (s) => s !== 'updates' && s !== 'recreate',
);

/** The faults, by name: the catalogue's steps each use one (`src/catalogue/`); `--faults` selects them. */
export type FaultId =
  | 'pod-kill'
  | 'process-kill'
  | 'claim-deletion'
  | 'probe-breakage'
  | 'scale'
  | 'node-cordon'
  | 'node-drain'
  | 'node-loss'
  | 'rolling-update'
  | 'bad-release'
  | 'recreate';
export const FAULT_IDS: readonly FaultId[] = [
  'pod-kill',
  'process-kill',
  'claim-deletion',
  'probe-breakage',
  'scale',
  'node-cordon',
  'node-drain',
  'node-loss',
  'rolling-update',
  'bad-release',
  'recreate',
];
/** The faults a run takes when none is named: a bad release (a broken image) is asked for by name. */
export const DEFAULT_FAULTS: readonly FaultId[] = FAULT_IDS.filter((f) => f !== 'bad-release');

/** What a node loss is: `partition` (the kubelet cut off, the containers run on) or `power-off` (they are killed too). */
export type NodeLossKind = 'partition' | 'power-off';

/** How a lost node is fenced: `out-of-service` taints it once its containers are known dead (then removed). */
export type NodeLossFence = 'none' | 'out-of-service';

/** How node loss is done. */
export type NodeLossMode =
  /**
   * The node agent (src/agent/): a short-lived privileged hostPID pod on the victim node freezes its
   * kubelet (SIGSTOP), witnesses what still runs there, and always resumes it.
   */
  | 'agent'
  /** The lab's `node-down`/`node-up` (kubelet stopped, containers left running). */
  | 'lab'
  /** The user's own commands; `{node}` in them is replaced by the node's name. */
  | 'command'
  /** Node loss is not done; SB-2/SB-3 are skipped with that reason. */
  | 'none';

export type LogFormat = 'json' | 'pretty' | 'auto';

/** Settings shared by every command. */
export interface CommonConfig {
  /** Path of a kubeconfig; in a pod, the service account is used when absent. @default undefined */
  readonly kubeconfig?: string;
  /** kubeconfig context. @default the current context */
  readonly context?: string;
  /** @default 'auto' (pretty on a terminal, JSON otherwise) */
  readonly logFormat: LogFormat;
  /** @default 'info' */
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export interface TargetRef {
  readonly namespace: string;
  readonly name: string;
}

/** `--selector`: the StatefulSets of a namespace whose labels match. */
export interface TargetSelector {
  readonly namespace: string;
  /** A label selector as the API takes it (`tier=db,app!=x`). */
  readonly labels: string;
}

/** Everything `run` and `plan` need; one schema for flags, the config file and STS_CHAOS_* variables. */
export interface RunConfig extends CommonConfig {
  /**
   * The StatefulSet this run tests (`<namespace>/<statefulset>`). As loaded: the first of `targets`, or with
   * only a selector its namespace and an empty name; `run` and `plan` test each target with this set to it.
   */
  readonly target: TargetRef;
  /** Every StatefulSet given by `--target` (repeated or comma-separated), in order. @default [] */
  readonly targets: readonly TargetRef[];
  /** Also every StatefulSet of a namespace matching a label selector. @default undefined */
  readonly selector?: TargetSelector;
  /** Which suites to run. @default all of SUITE_NAMES */
  readonly suites: readonly SuiteName[];
  /** Only the steps of these faults run (the others are left out, as with --skip). @default all of FAULT_IDS */
  readonly faults: readonly FaultId[];
  /** Only tests whose title matches. @default undefined */
  readonly grep?: string;
  /** Leave out tests whose title matches. @default undefined */
  readonly skip?: string;
  /** Paths inside the pods that must survive faults (VOL-3 checks them besides every claim mount). @default [] */
  readonly dataPaths: readonly string[];
  /** Where the reports go. @default './sts-chaos-report' */
  readonly reportDir: string;
  /** Time allowed for every ordinal to be Ready again after a fault (REC-1). @default 3m */
  readonly budget: Duration;
  /**
   * ID-3: time allowed, once a pod is Ready, for its name S-i.H.N.svc.<domain> to resolve to its IP; the
   * names are sampled until they do, and a wrong answer later than this is a FAIL. @default 60s
   */
  readonly dnsBudget: Duration;
  /** Say what would be done, touch nothing. @default false */
  readonly dryRun: boolean;
  /**
   * Write each fault window as Kubernetes Events (core/v1) on the StatefulSet and the victim pod, and a
   * RunFinished at the end; best effort (needs `events create` in the target's namespace, never fails the
   * run). @default true
   */
  readonly events: boolean;
  /** Namespaces that are refused unless listed here. @default [] (kube-system, kube-public refused) */
  readonly allowNamespaces: readonly string[];
  /** At most this many ordinals disrupted at once. @default 1 */
  readonly maxDisrupted: number;
  /** The ordinal the single-pod faults act on. @default the highest ordinal */
  readonly ordinal?: number;
  readonly nodeLoss: {
    /** @default 'none' */
    readonly mode: NodeLossMode;
    /** For mode 'command': shell command that makes `{node}` stop answering. */
    readonly downCommand?: string;
    /** For mode 'command': shell command that brings `{node}` back. */
    readonly upCommand?: string;
    /**
     * How long the node stays lost, from the down command, when its pod is not evicted (tolerations
     * longer than that, 300 s by default in a real cluster): then it comes back and the same incarnation
     * must continue. An eviction seen earlier ends the hold (10 s more are observed). @default 80s
     */
    readonly hold: Duration;
    /**
     * How long the node stays lost once its pod was evicted (or force-deleted), before it comes back: what
     * is observed meanwhile (nothing may replace the pod; a volume's Multi-Attach wait). Longer than the
     * attach/detach controller's 6 minutes, it shows the force detach of a lost node's volume. @default 10s
     */
    readonly holdAfterEviction: Duration;
    /** For mode 'lab': path of the lab script. @default 'lab/lab.sh' */
    readonly labScript?: string;
    /** Whether the down command leaves the node's containers running. @default true */
    readonly containersLeftRunning: boolean;
    /** A test-only switch: force-delete the lost pod while its containers run (the SB-2 negative control). @default false */
    readonly forceDeleteLostPod: boolean;
    /**
     * For mode 'agent': `partition` freezes the kubelet and leaves the containers running; `power-off`
     * also kills the containers of the target's pods on the node (as a power loss would). @default 'partition'
     */
    readonly kind: NodeLossKind;
    /**
     * With kind 'power-off': `out-of-service` taints the lost node (`node.kubernetes.io/out-of-service`)
     * once it is NotReady, so that its pods are force-deleted and their volumes detached; removed after.
     * Never in a partition. @default 'none'
     */
    readonly fence: NodeLossFence;
    /** For mode 'agent': the image of the agent pod (the sts-chaos image itself). */
    readonly agentImage?: string;
    /** For mode 'agent': the namespace of the agent pod. @default the target's namespace */
    readonly agentNamespace?: string;
    /**
     * For mode 'agent': the agent pod's service account; it must be allowed to get the run's Lease (the
     * dead-man's switch and the run's resume request). @default none: the agent's deadline only
     */
    readonly agentServiceAccount?: string;
  };
  readonly probes: {
    /** Shell command run in the target container to break the probed process; SIGSTOP of PID 1 when absent. */
    readonly breakCommand?: string;
    /** Shell command that heals it; SIGCONT of PID 1 when absent. */
    readonly healCommand?: string;
    /** How long the probe stays broken. @default 20s */
    readonly holdFor: Duration;
  };
  /** The updates suite (rolling restart, partition, OnDelete, bad release). */
  readonly updates: {
    /** The partition step's partition: only ordinals at or above it are updated first. @default replicas - 1 */
    readonly partition?: number;
    /** OnDelete: how long a restart is watched changing no pod by itself. @default 20s */
    readonly onDeleteWatch: Duration;
    /** Bad release: how long the broken release is held and watched before the rollback. @default 30s */
    readonly badReleaseHold: Duration;
    /** Bad release: how long the controller gets to heal after the rollback before a forced rollback. @default 60s */
    readonly rollbackWait: Duration;
  };
  /** SB-4: command run in every pod whose output names its role (e.g. mysql -e 'SELECT @@read_only'). */
  readonly roleQuery?: {
    readonly command: readonly string[];
    /** Output values that mean primary. @default ['primary','leader','master'] */
    readonly primaryValues: readonly string[];
    /** @default 2s */
    readonly interval: Duration;
  };
  /**
   * VOL-3 data check: the workload's own write and read-back, beyond the marker file. `write` runs in the
   * pod of `writeOrdinal` before each fault step (STS_CHAOS_SEQ=1,2,… and STS_CHAOS_RUN in its
   * environment; exit 0 means acknowledged); `verify` runs in every ordinal's pod after recovery with
   * STS_CHAOS_SEQ set to the highest acknowledged sequence, retried until it passes or `timeout` ends.
   */
  readonly dataCheck?: {
    readonly write: readonly string[];
    readonly verify: readonly string[];
    /** @default the first ordinal of the StatefulSet (`spec.ordinals.start`, else 0) */
    readonly writeOrdinal?: number;
    /** How long verify may take to pass (replicas catching up). @default 60s */
    readonly timeout: Duration;
  };
  /** The container the exec-based faults and probes use. @default the first container */
  readonly container?: string;
  /**
   * Image of the ephemeral container that process kill uses when the target's image has no shell (it
   * needs sh and kill). @default 'busybox:1.36'
   */
  readonly debugImage?: string;
  /** Process to kill in process-kill: PID 1 when absent, else a name for pkill. */
  readonly processName?: string;
  /**
   * Also store junit.xml, summary.md and report.json (when under 900 KiB) in this ConfigMap of the
   * target's namespace, so that the results outlive the Job's pod. @default undefined
   */
  readonly resultsConfigMap?: string;
  /**
   * Serve Prometheus metrics on `/metrics` at this `host:port` during the run (`:9464`: every interface).
   * @default undefined (off)
   */
  readonly metricsAddress?: string;
  /**
   * With `metricsAddress`: at the run's end, how long `/metrics` stays up waiting for one scrape of the
   * final values (a scrape every 15 s would otherwise miss the last step). Zero closes it at once.
   * @default 30s
   */
  readonly metricsLinger: Duration;
  /**
   * At the run's end, push the final metrics to this Pushgateway (`<url>/metrics/job/sts-chaos/run/<runId>`),
   * best effort. @default undefined (off)
   */
  readonly pushgateway?: string;
  /**
   * A guided game day (`--step`): before each fault step its plan is printed (what is done to which pod and
   * node, what is checked, how it is reverted) and the operator continues, skips the step or aborts the run
   * (src/engine/guide/). @default false
   */
  readonly guided: boolean;
  /** Run the selected suites this many times (one Lease, one report). @default 1 (once; unbounded with repeatFor alone) */
  readonly repeat?: number;
  /**
   * Run the selected suites again until this much time has passed: no iteration starts after it, the one in
   * progress finishes; with `repeat`, whichever ends first. @default undefined (no deadline)
   */
  readonly repeatFor?: Duration;
  /**
   * Earlier runs' report.json files (or report directories, or directories of them) whose recovery times
   * this run's are compared with at its end (src/baseline/); a regression fails the run (exit 1).
   * @default [] (no comparison)
   */
  readonly baseline: readonly string[];
  /**
   * How much slower than the baseline's (in percent of it) a median recovery time may be; the difference
   * must also exceed the baseline's own spread and 250 ms to be a regression. @default 25
   */
  readonly maxRegression: number;
  /** Samples of a fault needed on each side for a verdict; fewer: inconclusive. @default 3 */
  readonly minSamples: number;
}
