import { checkById } from '../checks/index.ts';
import type { FaultId, SuiteName } from '../config/types.ts';
import { UsageError } from '../errors.ts';
import type { CheckId, StepDef, SuiteDef } from './types.ts';

/** What `run` runs and `plan` shows: a subset of the catalogue. */
export interface Selection {
  readonly suites: readonly SuiteName[];
  /** Only the steps of these faults. */
  readonly faults: readonly FaultId[];
  /** Only the tests whose full title matches (a JavaScript regular expression). @default all */
  readonly grep?: string;
  /** Not the tests whose full title matches. @default none */
  readonly skip?: string;
}

/** One check of a selected step, with the test's titles. */
export interface PlannedTest {
  readonly check: CheckId;
  /** The test's own title: `<ID> <check title> [<fault> <variant>]`. */
  readonly title: string;
  /** `<step title> <test title>`, what --grep and --skip match. */
  readonly fullTitle: string;
}

export interface PlannedStep {
  readonly suite: SuiteName;
  readonly step: StepDef;
  /** `<suite>: <fault> <variant> [tags]`: the describe block and the JUnit test suite. */
  readonly title: string;
  /** Only the checks whose tests the grep kept; the step runs when there is one at least. */
  readonly tests: readonly PlannedTest[];
}

/** `pod-kill graceful`: the fault and its variant, as test titles carry it in brackets. */
export function stepLabel(step: StepDef): string {
  return step.variant ? `${step.fault} ${step.variant}` : step.fault;
}

export function checkTitle(id: CheckId): string {
  const c = checkById(id);
  if (!c) throw new Error(`check ${id} is in the catalogue but has no file in src/checks`);
  return c.title;
}

/** The --grep/--skip filter over full titles; a bad expression is a usage error naming the flag. */
export function titleFilter(sel: Pick<Selection, 'grep' | 'skip'>): (fullTitle: string) => boolean {
  for (const [flag, re] of [
    ['--grep', sel.grep],
    ['--skip', sel.skip],
  ] as const) {
    try {
      if (re) new RegExp(re);
    } catch (e) {
      throw new UsageError(`${flag}: "${re}" is not a regular expression (${(e as Error).message})`);
    }
  }
  const grep = sel.grep ? new RegExp(sel.grep) : undefined;
  const skip = sel.skip ? new RegExp(sel.skip) : undefined;
  return (t) => (!grep || grep.test(t)) && !skip?.test(t);
}

/** The steps and tests a run with this selection performs, in catalogue order. */
export function selectSteps(catalogue: readonly SuiteDef[], sel: Selection): PlannedStep[] {
  const keep = titleFilter(sel);
  const out: PlannedStep[] = [];
  for (const suite of catalogue) {
    if (!sel.suites.includes(suite.id)) continue;
    for (const step of suite.steps) {
      if (!sel.faults.includes(step.fault)) continue;
      const label = stepLabel(step);
      const title = `${suite.id}: ${label}${step.tags.map((t) => ` [${t}]`).join('')}`;
      const tests = step.checks
        .map((check) => {
          const t = `${check} ${checkTitle(check)} [${label}]`;
          return { check, title: t, fullTitle: `${title} ${t}` };
        })
        .filter((t) => keep(t.fullTitle));
      if (tests.length) out.push({ suite: suite.id, step, title, tests });
    }
  }
  return out;
}
