/**
 * JUnit XML for CI: one <testsuite> per suite, one <testcase> per check per step, and with --baseline the
 * suite `baseline` (junit-baseline.ts). A run that did not finish (interrupted, refused, revert failed,
 * error) adds an errored testcase, so that CI never shows green for it.
 */
import { xmlAttr, xmlText } from './escape.ts';
import { BASELINE_SUITE, baselineSuite } from './junit-baseline.ts';
import type { Cell, Model } from './model.ts';
import { checkName, iso, model, seconds, unfinished, VERDICT, violationLine } from './model.ts';
import type { RunReport } from './types.ts';

/** How many violations a <failure> body lists before "and N more". */
const MAX_VIOLATIONS = 100;

/** The testsuite (and classname suffix) of the errored testcase of an unfinished run. */
export const RUN_SUITE = 'run';

export interface Case {
  readonly name: string;
  readonly classname: string;
  readonly time: number;
  /** Inner XML (already escaped). */
  readonly body: string;
  readonly status: 'pass' | 'fail' | 'skip' | 'error';
}

export interface Suite {
  readonly name: string;
  readonly cases: Case[];
  startedAt: number;
  endedAt: number;
}

export function toJUnit(report: RunReport): string {
  const { lines, total } = junitSuites(report);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlAttr(`sts-chaos ${report.target.namespace}/${report.target.name}`)}"${counts(total)} time="${seconds(report.finishedAt - report.startedAt)}" timestamp="${xmlAttr(iso(report.startedAt))}">`,
    ...lines,
    '</testsuites>',
    '',
  ].join('\n');
}

/**
 * The <testsuite> elements of one run (indented for a <testsuites> root) and their counts; `prefix` goes
 * before each suite's name (a run of several targets names the target there).
 */
export function junitSuites(report: RunReport, prefix = ''): { lines: string[]; total: Tally } {
  const m = model(report);
  const suites = new Map<string, Suite>();
  for (const cell of m.cells) {
    const { step } = cell.view;
    let suite = suites.get(step.suite);
    if (!suite) {
      suite = { name: step.suite, cases: [], startedAt: step.startedAt, endedAt: step.endedAt };
      suites.set(step.suite, suite);
    }
    suite.startedAt = Math.min(suite.startedAt, step.startedAt);
    suite.endedAt = Math.max(suite.endedAt, step.endedAt);
    suite.cases.push(checkCase(report, cell));
  }
  for (const step of report.steps) {
    if (!step.error) continue;
    const suite = suites.get(step.suite) ?? {
      name: step.suite,
      cases: [],
      startedAt: step.startedAt,
      endedAt: step.endedAt,
    };
    suites.set(step.suite, suite);
    suite.cases.push(stepErrorCase(step));
  }
  const baseline = baselineSuite(report);
  if (baseline) suites.set(BASELINE_SUITE, baseline);
  const runCase = errorCase(report, m);
  if (runCase) {
    suites.set(RUN_SUITE, {
      name: RUN_SUITE,
      cases: [runCase],
      startedAt: report.startedAt,
      endedAt: report.finishedAt,
    });
  }

  const all = [...suites.values()];
  const total = tally(all.flatMap((s) => s.cases));
  const lines: string[] = [];
  for (const suite of all) {
    const t = tally(suite.cases);
    lines.push(
      `  <testsuite name="${xmlAttr(prefix + suite.name)}"${counts(t)} time="${seconds(suite.endedAt - suite.startedAt)}" timestamp="${xmlAttr(iso(suite.startedAt))}">`,
      '    <properties>',
      ...properties(report).map(
        ([name, value]) => `      <property name="${xmlAttr(name)}" value="${xmlAttr(value)}"/>`,
      ),
      '    </properties>',
    );
    for (const c of suite.cases) {
      const open = `    <testcase name="${xmlAttr(c.name)}" classname="${xmlAttr(c.classname)}" time="${seconds(c.time)}"`;
      lines.push(c.body ? `${open}>\n${c.body}\n    </testcase>` : `${open}/>`);
    }
    // A step's findings (what the run learnt of this cluster, e.g. a forced rollback), in its suite's output.
    const found = m.steps
      .filter((v) => v.step.suite === suite.name)
      .flatMap((v) => (v.step.findings ?? []).map((f) => `finding of step ${v.number} (${v.label}): ${f}`));
    if (found.length > 0) lines.push(`    <system-out>${xmlText(found.join('\n'))}</system-out>`);
    lines.push('  </testsuite>');
  }
  return { lines, total };
}

function checkCase(report: RunReport, { view, result }: Cell): Case {
  const { step } = view;
  const base = {
    name: `${checkName(result.id)} [${view.label}]`,
    classname: `sts-chaos.${step.suite}`,
    time: step.endedAt - step.startedAt,
  };
  switch (result.status) {
    case 'pass':
      return { ...base, status: 'pass', body: '' };
    case 'skip':
      return { ...base, status: 'skip', body: `      <skipped message="${xmlAttr(result.reason)}"/>` };
    case 'fail': {
      const shown = result.violations.slice(0, MAX_VIOLATIONS).map((v) => violationLine(report, v));
      const more = result.violations.length - shown.length;
      if (more > 0) shown.push(`... and ${more} more`);
      const text = [result.reason, ...(shown.length ? ['', 'Violations:', ...shown] : [])].join('\n');
      return {
        ...base,
        status: 'fail',
        body: `      <failure message="${xmlAttr(result.reason)}" type="${xmlAttr(result.id)}">${xmlText(text)}</failure>`,
      };
    }
  }
}

/** The errored testcase of a step whose fault did not have its effect. */
function stepErrorCase(step: RunReport['steps'][number]): Case {
  const message = `${step.title}: the fault had no effect, its checks were not judged: ${step.error}`;
  return {
    name: `${step.step ?? step.title} [${step.title}]`,
    classname: `sts-chaos.${step.suite}`,
    time: step.endedAt - step.startedAt,
    status: 'error',
    body: `      <error message="${xmlAttr(message)}" type="fault-error">${xmlText(message)}</error>`,
  };
}

/** The errored testcase of a run that did not finish, or that failed without any failed check. */
function errorCase(report: RunReport, m: Model): Case | undefined {
  const silentFailure =
    (report.outcome !== 'passed' || report.exitCode !== 0) &&
    m.counts.fail === 0 &&
    !report.steps.some((s) => s.error) &&
    report.baseline?.verdict !== 'regression';
  if (!unfinished(report) && !silentFailure) return undefined;
  const verdict = VERDICT[report.outcome] ?? String(report.outcome).toUpperCase();
  const message = `${verdict} (exit code ${report.exitCode})${report.reason ? `: ${report.reason}` : ''}`;
  const text = [
    message,
    ...(report.leftovers.length ? ['', 'Needs a human:', ...report.leftovers] : []),
    ...(report.preflight.length ? ['', 'Preflight:', ...report.preflight] : []),
  ].join('\n');
  return {
    name: `run ${report.target.namespace}/${report.target.name} ${report.runId}`,
    classname: `sts-chaos.${RUN_SUITE}`,
    time: report.finishedAt - report.startedAt,
    status: 'error',
    body: `      <error message="${xmlAttr(message)}" type="${xmlAttr(report.outcome)}">${xmlText(text)}</error>`,
  };
}

export interface Tally {
  readonly tests: number;
  readonly failures: number;
  readonly errors: number;
  readonly skipped: number;
}

function tally(cases: readonly Case[]): Tally {
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  for (const c of cases) {
    if (c.status === 'fail') failures++;
    else if (c.status === 'error') errors++;
    else if (c.status === 'skip') skipped++;
  }
  return { tests: cases.length, failures, errors, skipped };
}

export function counts(t: Tally): string {
  return ` tests="${t.tests}" failures="${t.failures}" errors="${t.errors}" skipped="${t.skipped}"`;
}

function properties(report: RunReport): [string, string][] {
  return [
    ['runId', report.runId],
    ['target', `${report.target.namespace}/${report.target.name}`],
    ['outcome', report.outcome],
    ['exitCode', String(report.exitCode)],
    ['version', report.tool.version],
  ];
}
