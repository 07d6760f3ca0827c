/**
 * summary.md, for a CI step summary (GitHub's $GITHUB_STEP_SUMMARY and the like): the verdict first, then
 * the check × step table, the failures with their reasons, recovery times (against a baseline too:
 * summary-baseline.ts) and the skips with theirs.
 */
import { md } from './escape.ts';
import type { Model, StepView } from './model.ts';
import {
  checkName,
  headline,
  iso,
  model,
  recoveryColumns,
  seconds,
  VERDICT,
  violationLine,
} from './model.ts';
import { baselineMarkdown } from './summary-baseline.ts';
import type { RunOutcome, RunReport } from './types.ts';

export const STATUS_ICON = { pass: '✅', fail: '❌', skip: '⏭️' } as const;

const OUTCOME_ICON: Readonly<Record<RunOutcome, string>> = {
  passed: '✅',
  failed: '❌',
  interrupted: '⚠️',
  'revert-failed': '🚨',
  refused: '⛔',
  error: '💥',
};

/** Steps up to which the table header carries each step's title (beyond, numbers and a legend). */
const TITLED_COLUMNS = 6;
const MAX_FAILURES = 50;
const MAX_VIOLATIONS = 10;
/** GitHub refuses a step summary over 1 MiB; stay well below it. */
const MAX_CHARS = 900_000;

export function toSummaryMarkdown(report: RunReport): string {
  const m = model(report);
  const out: string[] = [];
  const verdict = VERDICT[report.outcome] ?? String(report.outcome).toUpperCase();
  out.push(
    `## ${OUTCOME_ICON[report.outcome] ?? '❔'} ${verdict} (exit code ${report.exitCode}): sts-chaos on ${md(`${report.target.namespace}/${report.target.name}`)}`,
    '',
    md(headline(report, m)),
    '',
    `Run ${md(report.runId)} · started ${iso(report.startedAt)} · took ${seconds(report.finishedAt - report.startedAt, 1)}s · sts-chaos ${md(report.tool.version)}`,
  );

  if (report.leftovers.length > 0) {
    out.push('', '### 🚨 Needs a human', '', ...report.leftovers.map((l) => `- ${md(l)}`));
  }

  out.push(...matrix(m));
  out.push(...failures(report, m));
  out.push(...findings(m));
  out.push(...recovery(report, m));
  out.push(...baselineMarkdown(report));

  if (m.skips.length > 0) {
    out.push('', '### Skipped', '');
    const all = m.steps.length;
    for (const g of m.skips) {
      const where = g.steps.length === all && all > 1 ? 'all steps' : stepList(g.steps);
      out.push(`- **${md(checkName(g.id))}** (${where}): ${md(g.reason)}`);
    }
  }

  if (report.preflight.length > 0) {
    out.push(
      '',
      '<details><summary>Preflight</summary>',
      '',
      ...report.preflight.map((l) => `- ${md(l)}`),
      '',
      '</details>',
    );
  }
  out.push('');
  return cap(out.join('\n'));
}

function matrix(m: Model): string[] {
  if (m.steps.length === 0 || m.checkIds.length === 0) return ['', '_No check was evaluated._'];
  const titled = m.steps.length <= TITLED_COLUMNS;
  const head = m.steps.map((v) => (titled ? `${v.number}. ${md(v.label)}` : String(v.number)));
  const lines = ['', '### Checks', ''];
  if (!titled) {
    lines.push(...m.steps.map((v) => `${v.number}. ${md(v.label)} (${md(v.step.suite)})`), '');
  }
  lines.push(`| Check | ${head.join(' | ')} |`, `|---|${m.steps.map(() => ':-:').join('|')}|`);
  for (const id of m.checkIds) {
    const row = m.matrix.get(id);
    const cells = m.steps.map((v) => {
      const r = row?.get(v.number);
      return r ? STATUS_ICON[r.status] : '—';
    });
    lines.push(`| ${md(checkName(id))} | ${cells.join(' | ')} |`);
  }
  return lines;
}

function failures(report: RunReport, m: Model): string[] {
  if (m.failures.length === 0) return [];
  const lines = ['', '### Failures'];
  for (const { view, result } of m.failures.slice(0, MAX_FAILURES)) {
    lines.push(
      '',
      `**❌ ${md(checkName(result.id))}** on step ${view.number} (${md(view.label)}): ${md(result.reason)}`,
    );
    if (result.violations.length > 0) {
      lines.push('');
      for (const v of result.violations.slice(0, MAX_VIOLATIONS))
        lines.push(`- ${md(violationLine(report, v))}`);
      const more = result.violations.length - MAX_VIOLATIONS;
      if (more > 0) lines.push(`- … and ${more} more`);
    }
  }
  const more = m.failures.length - MAX_FAILURES;
  if (more > 0) lines.push('', `… and ${more} more failed checks (see the JUnit or HTML report).`);
  return lines;
}

/** What steps found about the cluster besides the verdicts (a forced rollback, with version and policy). */
function findings(m: Model): string[] {
  const items = m.steps.flatMap((v) =>
    (v.step.findings ?? []).map((f) => `- step ${v.number} (${md(v.label)}): ${md(f)}`),
  );
  return items.length ? ['', '### Findings', '', ...items] : [];
}

function recovery(report: RunReport, m: Model): string[] {
  const columns = recoveryColumns(report);
  if (columns.length === 0) return [];
  const lines = [
    '',
    '### Recovery times (seconds)',
    '',
    `| Step | ${columns.map(md).join(' | ')} |`,
    `|---|${columns.map(() => '--:').join('|')}|`,
  ];
  for (const v of m.steps) {
    const rec = v.step.recovery;
    if (!rec) continue;
    const cells = columns.map((c) => {
      const ms = rec[c];
      return ms === undefined ? '—' : seconds(ms, 2);
    });
    lines.push(`| ${v.number}. ${md(v.label)} | ${cells.join(' | ')} |`);
  }
  return lines;
}

function stepList(steps: readonly StepView[]): string {
  const n = steps.map((s) => s.number);
  return n.length === 1 ? `step ${n[0]}` : `steps ${n.join(', ')}`;
}

function cap(text: string): string {
  if (text.length <= MAX_CHARS) return text;
  const cut = text.lastIndexOf('\n', MAX_CHARS);
  return `${text.slice(0, cut)}\n\n… (truncated: see the HTML report for the rest)\n`;
}
