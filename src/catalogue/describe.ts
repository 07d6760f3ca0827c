import { DEFAULT_FAULTS } from '../config/types.ts';
import { type PlannedStep, type Selection, stepLabel } from './select.ts';
import type { StepDef, SuiteDef } from './types.ts';

function stepLine(step: StepDef, checks: readonly string[]): string {
  const tags = step.tags.map((t) => ` [${t}]`).join('');
  return `${step.id}: ${stepLabel(step)}${step.note ? ` (${step.note})` : ''}${tags}: ${checks.join(' ')}`;
}

/** What `plan` prints of the steps: each step `run` would take, in order, with the checks it judges. */
export function planLines(planned: readonly PlannedStep[], sel: Selection): string[] {
  const filters = [
    sel.grep ? `grep ${sel.grep}` : '',
    sel.skip ? `skip ${sel.skip}` : '',
    sel.faults.length === DEFAULT_FAULTS.length && DEFAULT_FAULTS.every((f) => sel.faults.includes(f))
      ? ''
      : `faults ${sel.faults.join(',')}`,
  ].filter(Boolean);
  const out = [
    `suites: ${sel.suites.join(', ')}${filters.length ? ` (${filters.join('; ')})` : ''}`,
    `steps (${planned.length}), in the order run takes them:`,
  ];
  for (const p of planned)
    out.push(
      `  ${stepLine(
        p.step,
        p.tests.map((t) => t.check),
      )}`,
    );
  if (!planned.length)
    out.push('  none: the selection leaves no test (check --suites, --faults, --grep, --skip)');
  return out;
}

/** What `list` prints of the suites: every suite, its steps, and each step's checks. */
export function catalogueLines(catalogue: readonly SuiteDef[]): string[] {
  const out = ['suites (run them all, or some with --suites; --faults, --grep and --skip narrow them):'];
  for (const s of catalogue) {
    out.push(`  ${s.id}: ${s.summary}`);
    for (const step of s.steps) out.push(`    ${stepLine(step, step.checks)}`);
  }
  return out;
}
