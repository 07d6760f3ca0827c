/**
 * The reports of a run of several targets: each target's own files in its own directory
 * (`<report dir>/<namespace>.<name>/`), and at the top one verdict over all of them: `junit.xml` (every
 * target's suites, named `<namespace>/<name>: <suite>`; a target that gave no report is an errored
 * testcase), `summary.md` (a table of the targets) and `targets.json`, then `done`.
 */
import { join, resolve } from 'node:path';
import { md, xmlAttr, xmlText } from './escape.ts';
import { counts, junitSuites, type Tally } from './junit.ts';
import { iso, seconds } from './model.ts';
import { STATUS_ICON } from './summary.ts';
import type { RunOutcome, RunReport } from './types.ts';
import { REPORT_FILES, writeAtomic } from './write.ts';

/** A target's part of the run: its verdict, and its report when it got that far. */
export interface TargetResult {
  readonly target: { readonly namespace: string; readonly name: string };
  /** 'not-run': the run was interrupted before this target. */
  readonly outcome: RunOutcome | 'not-run';
  readonly exitCode: number;
  readonly reason?: string;
  /** Its report directory, relative to the run's. */
  readonly dir: string;
  readonly report?: RunReport;
}

/** targets.json: the run's verdict over its targets. */
export interface ManyReport {
  readonly tool: { readonly name: 'sts-chaos'; readonly version: string };
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly outcome: RunOutcome;
  readonly exitCode: number;
  readonly reason?: string;
  readonly targets: readonly Omit<TargetResult, 'report'>[];
}

export const TARGETS_FILE = 'targets.json';

/** The directory of a target's report, relative to the run's: `<namespace>.<name>` (neither holds a `/`). */
export const targetDir = (t: TargetResult['target']): string => `${t.namespace}.${t.name}`;

const label = (t: TargetResult['target']) => `${t.namespace}/${t.name}`;

export function manyJUnit(many: ManyReport, results: readonly TargetResult[]): string {
  const lines: string[] = [];
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const add = (t: Tally) => {
    total.tests += t.tests;
    total.failures += t.failures;
    total.errors += t.errors;
    total.skipped += t.skipped;
  };
  for (const r of results) {
    if (r.report) {
      const s = junitSuites(r.report, `${label(r.target)}: `);
      lines.push(...s.lines);
      add(s.total);
      continue;
    }
    // No report: refused before any fault, or never run.
    const message = `${r.outcome.toUpperCase()} (exit code ${r.exitCode})${r.reason ? `: ${r.reason}` : ''}`;
    const skipped = r.outcome === 'not-run';
    const t = { tests: 1, failures: 0, errors: skipped ? 0 : 1, skipped: skipped ? 1 : 0 };
    add(t);
    lines.push(
      `  <testsuite name="${xmlAttr(`${label(r.target)}: run`)}"${counts(t)} time="0" timestamp="${xmlAttr(iso(many.startedAt))}">`,
      `    <testcase name="${xmlAttr(`run ${label(r.target)}`)}" classname="sts-chaos.run" time="0">`,
      skipped
        ? `      <skipped message="${xmlAttr(message)}"/>`
        : `      <error message="${xmlAttr(message)}" type="${xmlAttr(r.outcome)}">${xmlText(message)}</error>`,
      '    </testcase>',
      '  </testsuite>',
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlAttr(`sts-chaos ${results.map((r) => label(r.target)).join(', ')}`)}"${counts(total)} time="${seconds(many.finishedAt - many.startedAt)}" timestamp="${xmlAttr(iso(many.startedAt))}">`,
    ...lines,
    '</testsuites>',
    '',
  ].join('\n');
}

const ICON: Readonly<Record<TargetResult['outcome'], string>> = {
  passed: STATUS_ICON.pass,
  failed: STATUS_ICON.fail,
  interrupted: '⚠️',
  'revert-failed': '🚨',
  refused: '⛔',
  error: '💥',
  'not-run': STATUS_ICON.skip,
};

export function manySummary(many: ManyReport, results: readonly TargetResult[]): string {
  const out = [
    `# sts-chaos: ${ICON[many.outcome]} ${many.outcome.toUpperCase()} (exit ${many.exitCode}), ${results.length} targets`,
    '',
    '| target | verdict | checks passed / failed / skipped | recovery (median) | report |',
    '|---|---|---|---|---|',
  ];
  for (const r of results) {
    const res = r.report?.steps.flatMap((s) => s.results) ?? [];
    const n = (st: string) => res.filter((x) => x.status === st).length;
    const totals = (r.report?.steps ?? []).flatMap((s) =>
      s.recovery?.total !== undefined ? [s.recovery.total] : [],
    );
    const median = totals.length
      ? seconds([...totals].sort((a, b) => a - b)[Math.floor((totals.length - 1) / 2)] ?? 0)
      : '—';
    out.push(
      `| ${md(label(r.target))} | ${ICON[r.outcome]} ${r.outcome} (exit ${r.exitCode}) | ${r.report ? `${n('pass')} / ${n('fail')} / ${n('skip')}` : '—'} | ${median === '—' ? median : `${median} s`} | ${r.report ? `[${md(r.dir)}/summary.md](${r.dir}/summary.md)` : '—'} |`,
    );
  }
  const why = results.filter((r) => r.reason && r.outcome !== 'passed');
  if (why.length) {
    out.push('', '## Why', '');
    for (const r of why) out.push(`- **${md(label(r.target))}**: ${md(r.reason ?? '')}`);
  }
  out.push('');
  return out.join('\n');
}

/** Writes junit.xml, summary.md and targets.json of the whole run into `dir`, then `done`. */
export async function writeManyReports(
  dir: string,
  many: ManyReport,
  results: readonly TargetResult[],
): Promise<string[]> {
  const root = resolve(dir);
  return [
    await writeAtomic(join(root, REPORT_FILES.junit), manyJUnit(many, results)),
    await writeAtomic(join(root, REPORT_FILES.summary), manySummary(many, results)),
    await writeAtomic(join(root, TARGETS_FILE), `${JSON.stringify(many, null, 2)}\n`),
    await writeAtomic(join(root, REPORT_FILES.done), root),
  ];
}
