/** The faults the bench times, one suite step each, with the recovery a poller must see. */
import type { Expectation } from './poller.ts';

export interface BenchFault {
  /** As the reports name the step's fault. */
  readonly name: string;
  /** Selects exactly this step's tests (`--grep`). */
  readonly grep: string;
  readonly expect: Expectation;
  readonly args?: readonly string[];
  /** Variables the run gets besides the bench's. */
  readonly env?: Readonly<Record<string, string>>;
  /** A node fault: the demo's pods are spread over both nodes first (not timed). @default false */
  readonly spread?: boolean;
  /**
   * The demo's claims' StorageClass: `lab-csi` runs it on its own copy of the demo whose volumes must be
   * attached (the attach phase is then real). @default the lab's default (no attach step)
   */
  readonly storageClass?: 'lab-csi';
  /**
   * Why the step's own work after the recovery is part of the fault, not waste (the bounds on the time
   * after the recovery are then not applied, and the table says so). @default none: every bound applies
   */
  readonly afterRecovery?: string;
}

/** The node agent's ServiceAccount in the bench's namespace (target.ts makes it): the dead-man's switch. */
export const AGENT_SA = 'sts-chaos-agent';

export const FAULTS: readonly BenchFault[] = [
  { name: 'pod-kill (graceful)', grep: String.raw`\[pod-kill graceful\]`, expect: 'new-uid' },
  { name: 'pod-kill (forced)', grep: String.raw`\[pod-kill forced\]`, expect: 'new-uid' },
  { name: 'process-kill', grep: String.raw`\[process-kill\]`, expect: 'restart' },
  { name: 'claim-deletion', grep: String.raw`\[claim-deletion\]`, expect: 'new-uid' },
  { name: 'probe-breakage (readiness)', grep: String.raw`\[probe-breakage readiness\]`, expect: 'ready' },
  { name: 'probe-breakage (liveness)', grep: String.raw`\[probe-breakage liveness\]`, expect: 'restart' },
  { name: 'node-cordon', grep: String.raw`\[node-cordon\]`, expect: 'new-uid' },
  { name: 'node-drain', grep: String.raw`\[node-drain\]`, expect: 'new-uid' },
  {
    name: 'node-loss',
    grep: String.raw`\[node-loss\]`,
    expect: 'new-uid',
    args: ['--node-loss', 'lab'],
    spread: true,
  },
  {
    name: 'node-drain (lab-csi)',
    grep: String.raw`\[node-drain\]`,
    expect: 'new-uid',
    storageClass: 'lab-csi',
  },
  {
    name: 'node-loss power-off fenced (lab-csi)',
    grep: String.raw`\[node-loss\]`,
    expect: 'new-uid',
    args: ['--node-loss', 'lab', '--node-loss-kind', 'power-off', '--fence', 'out-of-service'],
    spread: true,
    storageClass: 'lab-csi',
    afterRecovery:
      'fenced, the ordinal recovers on another node while its own is still off: booting that node again and seeing it clean (SB-3) comes after the recovery by design',
  },
  {
    name: 'node-loss (agent)',
    grep: String.raw`\[node-loss\]`,
    expect: 'new-uid',
    args: ['--node-loss', 'agent', '--node-loss-agent-image', 'localhost/sts-chaos:dev'],
    env: { STS_CHAOS_NODE_LOSS_AGENT_SERVICE_ACCOUNT: AGENT_SA },
    spread: true,
  },
];
