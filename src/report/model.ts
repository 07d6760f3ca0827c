/**
 * What every report format shows, computed once from a RunReport: check names, the check × step matrix,
 * failures, grouped skips, the verdict. The renderers (junit, summary, html) only lay it out.
 */
import { checkById, checks } from '../checks/index.ts';
import type { CheckResult, Violation } from '../checks/types.ts';
import type { RunOutcome, RunReport, StepReport } from './types.ts';

/** The word of each outcome, as the first line of every report says it. */
export const VERDICT: Readonly<Record<RunOutcome, string>> = {
  passed: 'PASSED',
  failed: 'FAILED',
  interrupted: 'INTERRUPTED',
  'revert-failed': 'REVERT FAILED',
  refused: 'REFUSED',
  error: 'ERROR',
};

/** The standard REC-1 phases, in the order the reports show them. */
export const RECOVERY_PHASES = ['deletion', 'scheduling', 'attach', 'start', 'ready', 'total'] as const;

/** "VOL-3 data survives" (the catalogue title), or the bare ID for a check the registry does not know. */
export function checkName(id: string): string {
  const title = checkById(id)?.title;
  return title ? `${id} ${title}` : id;
}

/** Whether the run did not get to judge every check: CI must not see it green. */
export function unfinished(report: RunReport): boolean {
  return report.outcome !== 'passed' && report.outcome !== 'failed';
}

/** Milliseconds as seconds with at most `digits` decimals, e.g. 1500 -> "1.5". Non-finite or negative -> "0". */
export function seconds(ms: number, digits = 3): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0';
  return String(Number((ms / 1000).toFixed(digits)));
}

/** "+12.3s" from `zero`. */
export function offset(zero: number, at: number): string {
  const d = at - zero;
  return `${d < 0 ? '-' : '+'}${seconds(Math.abs(d), 1)}s`;
}

/** "2025-01-01T12:00:00.000Z", or "?" for a time that is not one. */
export function iso(at: number): string {
  return Number.isFinite(at) ? new Date(at).toISOString() : '?';
}

/** "web-2" for an ordinal of the target. */
export function podName(report: RunReport, ordinal: number): string {
  return `${report.target.name}-${ordinal}`;
}

/** "+15.0s web-2: message" — one violation on one line, time from the start of the recording. */
export function violationLine(report: RunReport, v: Violation): string {
  const who = v.ordinal === undefined ? '' : ` ${podName(report, v.ordinal)}`;
  return `${offset(report.timeline.startedAt, v.at)}${who}: ${v.message}`;
}

export interface StepView {
  readonly step: StepReport;
  /** 1-based position in the run. */
  readonly number: number;
  /** The step title, with " #n" added when the same title occurs again in the same suite. */
  readonly label: string;
}

export interface Cell {
  readonly view: StepView;
  readonly result: CheckResult;
}

export interface Model {
  readonly steps: readonly StepView[];
  /** Check IDs that appear in any step: catalogue order first, then unknown IDs in order of appearance. */
  readonly checkIds: readonly string[];
  /** check ID -> step number -> result. */
  readonly matrix: ReadonlyMap<string, ReadonlyMap<number, CheckResult>>;
  readonly cells: readonly Cell[];
  readonly failures: readonly Cell[];
  readonly skips: readonly SkipGroup[];
  readonly counts: { readonly pass: number; readonly fail: number; readonly skip: number };
  /** Suite names in order of first appearance. */
  readonly suites: readonly string[];
}

/** Skips of one check for one reason, whichever steps they were on. */
export interface SkipGroup {
  readonly id: string;
  readonly reason: string;
  readonly steps: readonly StepView[];
}

const catalogueIndex = new Map(checks.map((c, i) => [c.id, i]));

export function model(report: RunReport): Model {
  const seen = new Map<string, number>();
  const steps = report.steps.map((step, i): StepView => {
    const key = `${step.suite}\u0000${step.title}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return { step, number: i + 1, label: n === 1 ? step.title : `${step.title} #${n}` };
  });

  const order: string[] = [];
  const matrix = new Map<string, Map<number, CheckResult>>();
  const cells: Cell[] = [];
  const counts = { pass: 0, fail: 0, skip: 0 };
  const skipGroups = new Map<string, { id: string; reason: string; steps: StepView[] }>();
  const suites: string[] = [];
  for (const view of steps) {
    if (!suites.includes(view.step.suite)) suites.push(view.step.suite);
    for (const result of view.step.results) {
      let row = matrix.get(result.id);
      if (!row) {
        row = new Map();
        matrix.set(result.id, row);
        order.push(result.id);
      }
      row.set(view.number, result);
      cells.push({ view, result });
      counts[result.status] += 1;
      if (result.status === 'skip') {
        const key = `${result.id}\u0000${result.reason}`;
        let g = skipGroups.get(key);
        if (!g) {
          g = { id: result.id, reason: result.reason, steps: [] };
          skipGroups.set(key, g);
        }
        g.steps.push(view);
      }
    }
  }
  const rank = (id: string) => catalogueIndex.get(id) ?? Number.MAX_SAFE_INTEGER;
  const checkIds = order
    .map((id, i) => ({ id, i }))
    .sort((a, b) => rank(a.id) - rank(b.id) || a.i - b.i)
    .map((x) => x.id);
  return {
    steps,
    checkIds,
    matrix,
    cells,
    failures: cells.filter((c) => c.result.status === 'fail'),
    skips: [...skipGroups.values()].sort((a, b) => rank(a.id) - rank(b.id)),
    counts,
    suites,
  };
}

/** One sentence after the verdict: how many checks failed, or why the run did not finish. */
export function headline(report: RunReport, m: Model): string {
  const { pass, fail, skip } = m.counts;
  const tally = `${pass} passed, ${fail} failed, ${skip} skipped over ${m.steps.length} step${m.steps.length === 1 ? '' : 's'}`;
  return report.reason ? `${report.reason} (${tally})` : tally;
}

/** The recovery phases present in any step: the standard ones in order, then others alphabetically. */
export function recoveryColumns(report: RunReport): string[] {
  const extra = new Set<string>();
  let any = false;
  for (const s of report.steps) {
    if (!s.recovery) continue;
    any = true;
    for (const k of Object.keys(s.recovery))
      if (!(RECOVERY_PHASES as readonly string[]).includes(k)) extra.add(k);
  }
  return any ? [...RECOVERY_PHASES, ...[...extra].sort()] : [];
}
