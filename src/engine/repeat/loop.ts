/**
 * The suites of a run, once or again and again (--repeat N, --for 30m): a fresh mocha tree per
 * iteration over the one session (one Lease, one recorder, one report). No iteration starts after the
 * deadline (the one in progress finishes), none after the run was interrupted or aborted; a failing
 * check does not stop the loop. Before each step its progress is logged; after each iteration of
 * several, the running summary.
 */
import type Mocha from 'mocha';
import type { Logger } from 'pino';
import { mochaFor, type PlannedStep, STEP_TIMEOUT } from '../../catalogue/index.ts';
import type { RunConfig } from '../../config/types.ts';
import type { StepReport } from '../../report/types.ts';
import { Duration } from '../../util/duration.ts';
import type { StepAt } from '../guide/plan.ts';
import { hhmm, Progress } from './progress.ts';
import { tally, tallyLine } from './tally.ts';

/** What the loop needs of the session. */
export interface LoopSession {
  runStep(planned: PlannedStep, at: StepAt): Promise<StepReport>;
  readonly steps: readonly StepReport[];
  readonly abortReason: string | undefined;
}

export interface LoopOptions {
  /** `guided`: the steps wait for the operator, so mocha's limit per step is off. @default not guided */
  readonly config: Pick<RunConfig, 'repeat' | 'repeatFor'> & { readonly guided?: boolean };
  readonly log: Logger;
  readonly reporter: Mocha.ReporterConstructor | undefined;
  /** The run's signal (SIGTERM): no iteration starts after it. */
  readonly signal: AbortSignal;
  /** How long the operator has made the run wait so far (a guided run): not part of a step's time. @default none */
  readonly waitedMs?: () => number;
  /** How long one step may take, a guided run's excepted (no limit). @default STEP_TIMEOUT */
  readonly stepTimeout?: Duration;
  /** @default Date.now */
  readonly now?: () => number;
  /**
   * A run of several targets numbers its steps across them (the number a guided run's operator answers
   * with is never reused): `before` steps came before this target's, of `targets` targets in all.
   * @default this target alone
   */
  readonly numbering?: { readonly before: number; readonly targets: number };
}

/**
 * A guided run's limit per step: none. The operator's wait has no bound of its own (SIGINT, SIGTERM, an
 * abort end it); every wait of the step itself is bounded by the budget.
 */
const NO_LIMIT = Duration.millis(0);

/** How many steps the run takes in all: the plan's count times --repeat; unknown with --for alone. */
export function totalSteps(
  planned: number,
  cfg: Pick<RunConfig, 'repeat' | 'repeatFor'>,
): number | undefined {
  if (cfg.repeat !== undefined) return planned * cfg.repeat;
  return cfg.repeatFor ? undefined : planned;
}

/** Runs the iterations; resolves to the tests mocha counted as failed over all of them. */
export async function runIterations(
  planned: readonly PlannedStep[],
  session: LoopSession,
  o: LoopOptions,
): Promise<number> {
  const now = o.now ?? Date.now;
  const { repeat, repeatFor } = o.config;
  const looping = repeat !== undefined || repeatFor !== undefined;
  const iterations = repeat ?? (repeatFor ? Number.POSITIVE_INFINITY : 1);
  const startedAt = now();
  const deadline = repeatFor ? startedAt + repeatFor.toMilliseconds() : undefined;
  const own = totalSteps(planned.length, o.config);
  const total = own !== undefined ? own * (o.numbering?.targets ?? 1) : undefined;
  const progress = new Progress({
    startedAt,
    now,
    ...(total !== undefined ? { total } : {}),
    ...(deadline !== undefined ? { deadline } : {}),
  });
  const of = `${repeat !== undefined ? ` of ${repeat}` : ''}${deadline !== undefined ? ` (until ${hhmm(deadline)})` : ''}`;
  let number = o.numbering?.before ?? 0;
  let failures = 0;
  for (let i = 1; i <= iterations; i++) {
    if (i > 1 && (o.signal.aborted || session.abortReason !== undefined)) break;
    if (i > 1 && deadline !== undefined && now() >= deadline) {
      o.log.info(
        { iterations: i - 1 },
        `the --for deadline (${hhmm(deadline)}) has passed: no iteration ${i}`,
      );
      break;
    }
    if (looping) o.log.info({ iteration: i }, `iteration ${i}${of}`);
    const iteration = i;
    const runner = {
      async runStep(p: PlannedStep): Promise<StepReport> {
        number++;
        o.log.info({ progress: { step: number, total, iteration } }, progress.line(number, p.step.id));
        const t0 = now();
        const waited0 = o.waitedMs?.() ?? 0;
        try {
          return await session.runStep(p, {
            number,
            ...(total !== undefined ? { of: total } : {}),
            ...(looping ? { iteration } : {}),
          });
        } finally {
          progress.stepDone(now() - t0 - ((o.waitedMs?.() ?? 0) - waited0));
        }
      },
    };
    const mocha = mochaFor(
      planned,
      runner,
      o.reporter,
      o.config.guided ? NO_LIMIT : (o.stepTimeout ?? STEP_TIMEOUT),
    );
    failures += await new Promise<number>((resolve) => mocha.run(resolve));
    mocha.dispose();
    if (looping) o.log.info({ tally: tally(session.steps, i) }, tallyLine(tally(session.steps, i), of));
  }
  return failures;
}
