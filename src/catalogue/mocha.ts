import Mocha from 'mocha';
import type { StepReport } from '../report/types.ts';
import { Duration } from '../util/duration.ts';
import type { PlannedStep } from './select.ts';
import type { CheckId } from './types.ts';

/** Runs one fault step and returns its report (the session; a fake in tests). */
export interface StepRunner {
  runStep(planned: PlannedStep): Promise<StepReport>;
}

/** How long one step may take, waits included, before mocha gives up on it. */
export const STEP_TIMEOUT = Duration.minutes(15);

/**
 * One fault step as a mocha suite: a `before` hook runs the step, then one test per check turns the
 * check's result into a test outcome (skip: pending with the reason; fail: an error with the reason).
 */
export function defineFaultStep(
  parent: Mocha.Suite,
  planned: PlannedStep,
  runner: StepRunner,
  timeout: Duration = STEP_TIMEOUT,
): Mocha.Suite {
  const suite = Mocha.Suite.create(parent, planned.title);
  suite.timeout(timeout.toMilliseconds());
  let step: StepReport | undefined;
  suite.beforeAll(`run ${planned.step.id}`, async () => {
    step = await runner.runStep(planned);
  });
  for (const t of planned.tests) {
    suite.addTest(
      new Mocha.Test(t.title, function (this: Mocha.Context) {
        verdict(this, step, t.check);
      }),
    );
  }
  return suite;
}

/** Turns a check result into a mocha outcome: skip → pending with the reason, fail → an error. */
export function verdict(ctx: Mocha.Context, step: StepReport | undefined, id: CheckId): void {
  const r = step?.results.find((x) => x.id === id);
  if (!r) throw new Error(`${id}: not evaluated (the step did not run)`);
  if (r.status === 'skip') {
    if (ctx.test) ctx.test.title += ` (skipped: ${r.reason})`;
    ctx.skip();
  }
  if (r.status === 'fail') throw new Error(`${id} FAIL: ${r.reason}`);
}

/**
 * A mocha instance whose root holds the planned steps, in order. `stepTimeout`: how long a step may take
 * (0: no limit, a guided run's, whose steps wait for the operator). @default STEP_TIMEOUT
 */
export function mochaFor(
  planned: readonly PlannedStep[],
  runner: StepRunner,
  reporter: Mocha.ReporterConstructor | undefined,
  stepTimeout: Duration = STEP_TIMEOUT,
): Mocha {
  const mocha = new Mocha({ ...(reporter ? { reporter } : {}), timeout: 0, bail: false });
  for (const p of planned) defineFaultStep(mocha.suite, p, runner, stepTimeout);
  return mocha;
}
