import type { FaultEnv } from '../../faults/types.ts';
import type { ApiUsage } from '../../report/types.ts';
import type { FaultWindows } from '../events/windows.ts';
import type { StepGate } from '../guide/gate.ts';
import type { StepMetrics } from '../metrics/metrics.ts';

/** What a fault gets, and what the session adds for its steps. */
export interface SessionDeps extends FaultEnv {
  readonly runId: string;
  /** Whether this process runs inside the cluster (ID-3 then resolves names from here too, besides the target's pods). */
  readonly inCluster: boolean;
  /**
   * The node this process runs on, in the cluster (the chart sets STS_CHAOS_NODE_NAME from the pod's
   * spec.nodeName): a node fault never takes it, or the run would lose itself. @default none
   */
  readonly ownNode?: string;
  /** Whether exec works in the target's pods (preflight); without it the VOL-3 markers are not tried. @default true */
  readonly execWorks?: boolean;
  /** API use so far (counters that only grow); the step reports what it adds from injection to verdict. */
  readonly usage?: () => ApiUsage;
  /** Each step's fault window as Kubernetes Events (src/engine/events/). @default none (--no-events) */
  readonly windows?: Pick<FaultWindows, 'open'>;
  /** Each step's start, report and end as Prometheus metrics (src/engine/metrics/). @default none */
  readonly metrics?: StepMetrics;
  /**
   * A guided run (`--step`): asked before each fault step, once its victim is chosen and before anything
   * is injected (src/engine/guide/). @default none (no operator)
   */
  readonly gate?: StepGate;
}

/** What every part of a step works with: the session's deps, with the signal that ends the step's waits. */
export interface StepContext extends FaultEnv {
  readonly deps: SessionDeps;
  /** VOL-3 markers are written and read: there is a path for them and exec works. */
  readonly markers: boolean;
}
