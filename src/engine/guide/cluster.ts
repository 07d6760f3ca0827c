/**
 * The guided game day in a cluster Job: each step's plan in the log, then a wait for the annotation
 * `sts-chaos.io/continue` on the run's own Job to answer that step (`annotation.ts` says how). The Job
 * is watched for the whole run (`job-watch.ts`): the answer is taken from the watch event that brings
 * it, never from polling. A waiting step says once what it waits for (the kubectl command), then again
 * every `remindEvery` with what it last saw. The Job deleted while a step waits aborts the run.
 */
import type { Logger } from 'pino';
import type { KubeHttp } from '../../kube/http.ts';
import { Duration } from '../../util/duration.ts';
import { annotateCommand, CONTINUE_ANNOTATION, decisionFor, isAnswer } from './annotation.ts';
import type { GateDecision, Guide, StepPlan } from './gate.ts';
import { waitEnded } from './gate.ts';
import { type JobView, JobWatch } from './job-watch.ts';
import { planLines, stepHeading } from './plan.ts';

export interface ClusterGateOptions {
  readonly http: Pick<KubeHttp, 'request' | 'watchStream'>;
  /** The run's own Job (the chart sets STS_CHAOS_JOB_NAMESPACE and STS_CHAOS_JOB_NAME). */
  readonly namespace: string;
  readonly job: string;
  readonly log: Logger;
  /** How often a waiting step logs again what it waits for and what it last saw. @default 1m */
  readonly remindEvery?: Duration;
  /** @default Date.now */
  readonly now?: () => number;
  /** Passed to the Job's watch (tests shorten its backoff). @default its own */
  readonly watchBackoff?: Duration;
}

export class ClusterGate implements Guide {
  readonly #o: ClusterGateOptions;
  readonly #now: () => number;
  readonly #watch: JobWatch;
  /** The annotation's value as last seen (undefined: not set), and when it was seen. */
  #value: string | undefined;
  #seenAt = 0;
  #gone = false;
  #fatal: Error | undefined;
  #changed: (() => void) | undefined;
  #waited = 0;

  private constructor(o: ClusterGateOptions) {
    this.#o = o;
    this.#now = o.now ?? Date.now;
    this.#watch = new JobWatch({
      http: o.http,
      namespace: o.namespace,
      name: o.job,
      log: o.log,
      ...(o.watchBackoff ? { backoff: o.watchBackoff } : {}),
      onJob: (job) => this.#seen(job),
      onFatal: (e) => {
        this.#fatal = e;
        o.log.error({ job: this.#job }, `guided: ${e.message}`);
        this.#changed?.();
      },
    });
  }

  /** Reads the Job (throws a UsageError naming it when it cannot be read) and starts watching it. */
  static async open(o: ClusterGateOptions): Promise<ClusterGate> {
    const g = new ClusterGate(o);
    await g.#watch.start();
    return g;
  }

  get #job(): string {
    return `${this.#o.namespace}/${this.#o.job}`;
  }

  get waitedMs(): number {
    return this.#waited;
  }

  #seen(job: JobView | undefined): void {
    if (job) this.#value = job.metadata.annotations?.[CONTINUE_ANNOTATION];
    else this.#gone = true;
    this.#seenAt = this.#now();
    this.#changed?.();
  }

  async before(plan: StepPlan, signal: AbortSignal): Promise<GateDecision> {
    if (signal.aborted) throw waitEnded(signal);
    const { log } = this.#o;
    const [first, ...rest] = planLines(plan);
    log.info({ guided: plan }, `guided: ${first}`);
    for (const l of rest) log.info({ guided: plan.number }, `guided: ${l.trim()}`);
    const t0 = this.#now();
    try {
      const answer = this.#answer(plan) ?? (await this.#wait(plan, signal, t0));
      log.info(
        { guided: plan.number, answer, [CONTINUE_ANNOTATION]: this.#value },
        `guided: ${stepHeading(plan)}: ${answer === 'continue' ? 'continuing' : answer === 'skip' ? 'skipping it' : 'aborting the run'} (${CONTINUE_ANNOTATION}=${this.#value ?? 'unset'} on job/${this.#o.job})`,
      );
      return answer;
    } finally {
      this.#waited += this.#now() - t0;
    }
  }

  /** The answer the Job holds now for this step, if any. Throws when the Job cannot be watched any more. */
  #answer(plan: StepPlan): GateDecision | undefined {
    if (this.#fatal) throw this.#fatal;
    if (this.#gone) {
      this.#o.log.warn({ job: this.#job }, `guided: job ${this.#job} was deleted: aborting the run`);
      return 'abort';
    }
    return decisionFor(this.#value, plan.number);
  }

  #wait(plan: StepPlan, signal: AbortSignal, t0: number): Promise<GateDecision> {
    const { log, namespace, job } = this.#o;
    const n = plan.number;
    log.info(
      { guided: n, waiting: true },
      `waiting for the operator: ${annotateCommand(namespace, job, n, 'continue')} (skip it: ${CONTINUE_ANNOTATION}=skip:${n}, abort the run: ${CONTINUE_ANNOTATION}=abort)`,
    );
    return new Promise((resolve, reject) => {
      const every = (this.#o.remindEvery ?? Duration.minutes(1)).toMilliseconds();
      const reminder = setInterval(() => {
        const saw = this.#value === undefined ? 'is not set' : `is "${this.#value}"`;
        log.info(
          { guided: n, waiting: true },
          `still waiting for the operator at ${stepHeading(plan)} (${plan.step}) for ${Duration.millis(this.#now() - t0)}: ${CONTINUE_ANNOTATION} on job/${job} ${saw} (last seen ${Duration.millis(this.#now() - this.#seenAt)} ago); ${annotateCommand(namespace, job, n, 'continue')}`,
        );
      }, every);
      const done = () => {
        clearInterval(reminder);
        this.#changed = undefined;
        signal.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        done();
        reject(waitEnded(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#changed = () => {
        let answer: GateDecision | undefined;
        try {
          answer = this.#answer(plan);
        } catch (e) {
          done();
          reject(e);
          return;
        }
        if (answer) {
          done();
          resolve(answer);
        } else if (this.#value !== undefined && !isAnswer(this.#value))
          log.warn(
            { guided: n, [CONTINUE_ANNOTATION]: this.#value },
            `guided: ${CONTINUE_ANNOTATION}="${this.#value}" is not an answer (a step number, skip:<number> or abort); still waiting at ${stepHeading(plan)}`,
          );
      };
    });
  }

  async close(): Promise<void> {
    await this.#watch.stop();
  }
}
