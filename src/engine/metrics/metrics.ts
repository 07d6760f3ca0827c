/**
 * The run's Prometheus metrics (prom-client), on a registry made for the run and passed in: what the
 * session reports (a step started, a step's report), what the run knows (the steps planned), and, read at
 * each scrape, the API requests so far and the faults in force (the reverts pending). Every series carries
 * `target` (namespace/name) and `run` (the run's ID). Nothing here throws into a step.
 */

import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ApiUsage, StepReport } from '../../report/types.ts';

/** The REC-1 phases of `StepReport.recovery` (milliseconds there, seconds here). */
export const RECOVERY_PHASES = ['total', 'deletion', 'scheduling', 'attach', 'start', 'ready'] as const;

/** Recovery buckets in seconds: a phase may take a fraction of a second, a node loss minutes. */
export const RECOVERY_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600];

export interface RunMetricsOptions {
  /** The registry the metrics go to (one per run; a test reads it). @default a new one */
  readonly registry?: Registry;
  readonly target: { readonly namespace: string; readonly name: string };
  readonly runId: string;
  /** API use so far (counters that only grow), read at each scrape. */
  readonly usage?: () => ApiUsage;
  /** How many faults are in force now (the reverts pending), read at each scrape. */
  readonly faultsInForce?: () => number;
  readonly log?: Logger;
}

/** The step whose fault is about to be injected (its health wait included). */
export interface MetricsStep {
  readonly suite: string;
  /** The catalogue step ID, or the fault's label when the step has none. */
  readonly step: string;
  readonly fault: string;
}

/** What the session tells the metrics (SessionDeps.metrics). */
export interface StepMetrics {
  /** A step starts: its in-progress gauge is 1 until `ended`. */
  started(step: MetricsStep): void;
  /** A step's report: steps done, its recovery phases, its verdicts. */
  reported(report: StepReport): void;
  /** The step is over, with or without a report (an interrupted step has none). */
  ended(step: MetricsStep): void;
}

export class RunMetrics implements StepMetrics {
  readonly registry: Registry;
  readonly #log: Logger | undefined;
  readonly #stepsPlanned: Gauge;
  readonly #stepsDone: Counter;
  readonly #inProgress: Gauge;
  readonly #recovery: Histogram;
  readonly #checks: Counter;

  constructor(opts: RunMetricsOptions) {
    const registry = opts.registry ?? new Registry();
    this.registry = registry;
    this.#log = opts.log;
    registry.setDefaultLabels({ target: `${opts.target.namespace}/${opts.target.name}`, run: opts.runId });
    const registers = [registry];
    this.#stepsPlanned = new Gauge({
      name: 'sts_chaos_steps_planned',
      help: 'Fault steps the run will take (the selected suites and faults).',
      registers,
    });
    this.#stepsDone = new Counter({
      name: 'sts_chaos_steps_done_total',
      help: 'Fault steps done (run, skipped or in error), each with its report.',
      registers,
    });
    this.#inProgress = new Gauge({
      name: 'sts_chaos_step_in_progress',
      help: 'The step in progress: 1 from its health wait to its report, 0 after.',
      labelNames: ['suite', 'step', 'fault'],
      registers,
    });
    this.#recovery = new Histogram({
      name: 'sts_chaos_recovery_seconds',
      help: 'REC-1 recovery after a fault, in seconds: phase total, or one of deletion, scheduling, attach, start, ready.',
      labelNames: ['fault', 'phase'],
      buckets: RECOVERY_BUCKETS,
      registers,
    });
    this.#checks = new Counter({
      name: 'sts_chaos_check_results_total',
      help: 'Check verdicts, by check and status (pass, fail, skip).',
      labelNames: ['check', 'status'],
      registers,
    });
    const { usage, faultsInForce } = opts;
    new Counter({
      name: 'sts_chaos_api_requests_total',
      help: 'Kubernetes API requests made by the run, by verb (watch: watch requests; exec: exec sessions).',
      labelNames: ['verb'],
      registers,
      collect() {
        if (!usage) return;
        const u = usage();
        this.reset();
        for (const [verb, n] of Object.entries(u.requests)) if (n > 0) this.inc({ verb }, n);
        if (u.watches > 0) this.inc({ verb: 'watch' }, u.watches);
        if (u.execs > 0) this.inc({ verb: 'exec' }, u.execs);
      },
    });
    new Gauge({
      name: 'sts_chaos_faults_in_force',
      help: 'Faults in force now: reverts registered and not yet run.',
      registers,
      collect() {
        this.set(faultsInForce?.() ?? 0);
      },
    });
  }

  /** How many steps the run will take. */
  planned(steps: number): void {
    this.#stepsPlanned.set(steps);
  }

  started(step: MetricsStep): void {
    this.#safe(() => this.#inProgress.set(labels(step), 1));
  }

  ended(step: MetricsStep): void {
    this.#safe(() => this.#inProgress.set(labels(step), 0));
  }

  reported(report: StepReport): void {
    this.#safe(() => {
      this.#stepsDone.inc();
      for (const [phase, ms] of Object.entries(report.recovery ?? {}))
        if (Number.isFinite(ms) && ms >= 0) this.#recovery.observe({ fault: report.fault, phase }, ms / 1000);
      for (const r of report.results) this.#checks.inc({ check: r.id, status: r.status });
    });
  }

  /** The exposition text (what `/metrics` serves and the Pushgateway gets). */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** Metrics never break a step: a failure is a log line. */
  #safe(f: () => void): void {
    try {
      f();
    } catch (e) {
      this.#log?.warn({ metrics: true }, `metrics: ${(e as Error).message}`);
    }
  }
}

function labels(s: MetricsStep): Record<'suite' | 'step' | 'fault', string> {
  return { suite: s.suite, step: s.step, fault: s.fault };
}
