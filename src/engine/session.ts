import type { CheckId, PlannedStep, StepRunner } from '../catalogue/index.ts';
import { type Fault, FaultError, FaultSkipped, type Victim } from '../faults/types.ts';
import type { ApiUsage, StepReport } from '../report/types.ts';
import { WaitTimeoutError } from '../timeline/recorder.ts';
import { type AbortedBy, RunAbort } from './abort.ts';
import { DataCheck } from './data-check.ts';
import { whyStopped } from './events/why.ts';
import type { StepWindow } from './events/windows.ts';
import { TargetGuard } from './guard.ts';
import { type AskedStep, askOperator } from './guide/ask.ts';
import { SKIPPED_BY_OPERATOR } from './guide/gate.ts';
import type { StepAt } from './guide/plan.ts';
import { markerPaths } from './markers.ts';
import type { SessionDeps, StepContext } from './step/context.ts';
import { collectEvidence } from './step/evidence.ts';
import { injectAndRecover } from './step/inject.ts';
import { judge } from './step/judge.ts';
import { type AskOperator, faultLabel, prepare } from './step/prepare.ts';
import { stillRecovered } from './step/recover.ts';
import { recoverySplit, skippedResults, usageDelta } from './step/report.ts';

export { AbortedError, InterruptedError } from './abort.ts';
export type { SessionDeps } from './step/context.ts';

/** What every report of a step says: which step, which fault, on which pod and node, from when. */
type StepBase = Pick<
  StepReport,
  'title' | 'suite' | 'step' | 'iteration' | 'fault' | 'ordinal' | 'node' | 'startedAt'
>;

/**
 * The state of a run that its steps share: the reports so far, the marker sequence, the guard that
 * aborts the run when someone else changes the target. Each step runs in five parts (src/engine/step/):
 * prepare → inject and recover → collect evidence → judge → report.
 */
export class Session implements StepRunner {
  readonly deps: SessionDeps;
  readonly steps: StepReport[] = [];
  #markerSeq = 0;
  readonly #ctx: StepContext;
  readonly #data: DataCheck | undefined;
  readonly #guard: TargetGuard;
  readonly #abort = new RunAbort();
  /** Fault steps begun so far: a step's number when the caller does not give one. */
  #begun = 0;

  constructor(deps: SessionDeps) {
    this.deps = deps;
    const { http, exec, recorder, reverts, log, config, target, lease } = deps;
    this.#ctx = {
      ...(lease ? { lease } : {}),
      http,
      exec,
      recorder,
      reverts,
      log,
      config,
      target,
      deps,
      // Aborted on a signal (SIGTERM) or when the run aborts itself.
      signal: AbortSignal.any([deps.signal, this.#abort.signal]),
      markers: deps.execWorks !== false && markerPaths(target, config.dataPaths).length > 0,
    };
    this.#guard = new TargetGuard(recorder, target);
    const dc = config.dataCheck;
    this.#data = dc ? new DataCheck(dc, exec, recorder, target, deps.runId) : undefined;
  }

  /** Starts the blast-radius guard (after the recorder has started). */
  start(): void {
    this.#guard.start((reason) => this.abort(reason));
  }

  stop(): void {
    this.#guard.stop();
  }

  /** Why the run aborted itself, if it did. */
  get abortReason(): string | undefined {
    return this.#abort.reason;
  }

  /** The abort as the verdict says it: `aborted: <reason>`, or `aborted by the operator at <step>`. */
  get abortSummary(): string | undefined {
    return this.#abort.summary;
  }

  /** Stops the run: the current step's waits end, the next steps do not run, and every fault is reverted. */
  abort(reason: string, by: AbortedBy = 'run'): void {
    if (!this.#abort.abort(reason, by)) return;
    const what = by === 'operator' ? this.#abort.summary : `aborting: ${reason}`;
    this.deps.log.warn({ abort: true, by }, `${what}; reverting every fault`);
  }

  #checkInterrupted(): void {
    this.#abort.check(this.deps.signal);
  }

  /**
   * One planned step of the catalogue, with the checks its tests ask for; `at`: where it is in the run
   * (its number, the run's total, its iteration) when the caller knows. @default the steps begun so far
   */
  runStep(planned: PlannedStep, at?: StepAt): Promise<StepReport> {
    return this.faultStep(
      planned.suite,
      planned.step.make(),
      planned.tests.map((t) => t.check),
      planned.step.id,
      at,
    );
  }

  /** One fault step (see the class): its report, also kept in `steps`. */
  async faultStep(
    suite: string,
    fault: Fault,
    checkIds: readonly CheckId[],
    stepId?: string,
    at?: StepAt,
  ): Promise<StepReport> {
    this.#begun++;
    const where = at ?? { number: this.#begun };
    const { metrics } = this.deps;
    if (!metrics) return this.#faultStep(suite, fault, checkIds, stepId, where);
    const inProgress = { suite, step: stepId ?? faultLabel(fault), fault: fault.name };
    metrics.started(inProgress);
    try {
      return await this.#faultStep(suite, fault, checkIds, stepId, where);
    } finally {
      metrics.ended(inProgress);
    }
  }

  /** What asks the operator about a step (a guided run); none without a gate. */
  #asker(step: AskedStep): AskOperator | undefined {
    const { gate } = this.deps;
    return gate
      ? askOperator(gate, step, this.#ctx, (e) => {
          this.#checkInterrupted();
          this.abort(`the guided step mode failed at step ${step.at.number}: ${e.message}`);
        })
      : undefined;
  }

  async #faultStep(
    suite: string,
    fault: Fault,
    checkIds: readonly CheckId[],
    stepId: string | undefined,
    at: StepAt,
  ): Promise<StepReport> {
    const ctx = this.#ctx;
    const { target, config, log } = ctx;
    this.#checkInterrupted();
    const label = faultLabel(fault);
    const from = Date.now();
    const iteration = at.iteration !== undefined ? { iteration: at.iteration } : {};
    const ask = this.#asker({ suite, fault, checks: checkIds, ...(stepId ? { step: stepId } : {}), at });
    const prepared = await prepare(ctx, fault, this.#markerSeq + 1, this.#data, ask).catch((e) => {
      this.#checkInterrupted();
      if (e instanceof WaitTimeoutError)
        this.abort(
          `${target.namespace}/${target.name} was not healthy within its budget (${config.budget}) before ${fault.name}: ${e.message}`,
        );
      this.#checkInterrupted();
      throw e;
    });
    if (prepared.kind === 'skip') {
      log.info({ suite, fault: label }, `skipping ${label}: ${prepared.reason}`);
      const reason = `${label} cannot run: ${prepared.reason}`;
      return this.#push({
        title: label,
        suite,
        ...(stepId ? { step: stepId } : {}),
        ...iteration,
        fault: fault.name,
        startedAt: from,
        endedAt: from,
        results: skippedResults(checkIds, reason),
      });
    }
    const { victim } = prepared;
    const title = `${label} ${victim.pod}`;
    const base: StepBase = {
      title,
      suite,
      ...(stepId ? { step: stepId } : {}),
      ...iteration,
      fault: fault.name,
      ordinal: victim.ordinal,
      node: victim.node,
      startedAt: from,
    };
    if (prepared.kind === 'operator') {
      if (prepared.answer === 'abort') {
        this.abort(`at step ${at.number} (${stepId ?? label} on ${victim.pod})`, 'operator');
        this.#checkInterrupted();
      }
      log.info({ suite, fault: label, pod: victim.pod }, `skipping ${title}: ${SKIPPED_BY_OPERATOR}`);
      return this.#push({
        ...base,
        endedAt: Date.now(),
        results: skippedResults(checkIds, SKIPPED_BY_OPERATOR),
      });
    }
    if (this.#ctx.markers) this.#markerSeq++;
    log.info({ suite, fault: label, pod: victim.pod, node: victim.node }, `fault: ${title}`);
    const usageBefore = this.deps.usage?.();
    if (fault.changesTarget) this.#guard.ours(fault.changesTarget);
    // The fault window's Events (src/engine/events/): injected, recovered, reverted, or aborted with why.
    const window = this.deps.windows?.open({ step: stepId ?? label, fault: fault.name, label, victim });
    try {
      return await this.#injectAndJudge(fault, checkIds, victim, base, usageBefore, window);
    } catch (e) {
      window?.aborted(whyStopped(e, this.deps.signal, this.#abort.reason));
      throw e;
    } finally {
      window?.close();
    }
  }

  /** The rest of a step once its victim is chosen: inject and recover, evidence, judge, report. */
  async #injectAndJudge(
    fault: Fault,
    checkIds: readonly CheckId[],
    victim: Victim,
    base: StepBase,
    usageBefore: ApiUsage | undefined,
    window: StepWindow | undefined,
  ): Promise<StepReport> {
    const ctx = this.#ctx;
    const { recorder, target, log } = ctx;
    const label = faultLabel(fault);
    const { suite, title, startedAt: from } = base;
    const injected = await injectAndRecover(ctx, fault, victim, window).catch((e) => {
      this.#checkInterrupted();
      if (e instanceof FaultError || e instanceof FaultSkipped) return e;
      throw e;
    });
    if (injected instanceof FaultSkipped || injected instanceof FaultError)
      window?.aborted(whyStopped(injected, this.deps.signal, this.#abort.reason));
    if (injected instanceof FaultSkipped) {
      if (fault.changesTarget) this.#guard.ours(false);
      log.info({ suite, fault: label, pod: victim.pod }, `skipping ${label}: ${injected.message}`);
      return this.#push({
        ...base,
        endedAt: Date.now(),
        results: skippedResults(checkIds, `${label} had no visible effect: ${injected.message}`),
      });
    }
    if (injected instanceof FaultError) {
      if (fault.changesTarget) this.#guard.ours(false);
      log.error({ suite, fault: label, pod: victim.pod }, `step error: ${injected.message}`);
      return this.#push({
        ...base,
        endedAt: Date.now(),
        error: injected.message,
        results: skippedResults(checkIds, `not judged: ${label} had no effect (${injected.message})`),
      });
    }
    this.#checkInterrupted();
    const evidence = await collectEvidence(ctx, injected.earlyReads, this.#data, checkIds);
    let timedOut = injected.timedOut;
    if (injected.run && !timedOut)
      await stillRecovered(ctx, victim, injected.run).catch((e) => {
        this.#checkInterrupted();
        if (!(e instanceof WaitTimeoutError)) throw e;
        timedOut = e.message;
      });
    const to = Date.now();
    const results = judge(ctx, checkIds, { from, to, fault: fault.name }, evidence);
    const verdictAt = Date.now();
    const usageAfter = this.deps.usage?.();
    await injected.run
      ?.cleanup?.()
      .catch((e: Error) => log.warn({ fault: label }, `cleanup after ${label} failed: ${e.message}`));
    if (fault.changesTarget) this.#guard.ours(false);
    // Past its budget the target is not healthy enough for another fault: stop here, revert, report.
    if (timedOut) {
      this.abort(`${target.namespace}/${target.name} stayed unready past its budget after ${title}`);
      window?.aborted(whyStopped(undefined, this.deps.signal, this.#abort.reason));
    }
    const recovery = recoverySplit(results);
    const { injectedAt, recoveredAt } = injected;
    const findings = injected.run?.findings?.() ?? [];
    for (const f of findings) log.warn({ fault: label, finding: true }, `finding: ${f}`);
    const step = this.#push({
      ...base,
      endedAt: to,
      results,
      ...(recovery ? { recovery } : {}),
      timing: { injectedAt, ...(recoveredAt !== undefined ? { recoveredAt } : {}), verdictAt },
      ...(usageBefore && usageAfter ? { api: usageDelta(usageBefore, usageAfter) } : {}),
      ...(findings.length ? { findings } : {}),
    });
    log.debug({ fault: label, verdictAt, lastEvent: recorder.store.lastAt }, 'step done');
    for (const r of results)
      log.info(
        { check: r.id, status: r.status, step: title },
        `${r.id} ${r.status.toUpperCase()}: ${r.reason}`,
      );
    return step;
  }

  #push(step: StepReport): StepReport {
    this.steps.push(step);
    this.deps.metrics?.reported(step);
    return step;
  }
}
