/**
 * `sts-chaos compare`: the recovery times of the baseline's runs against new ones, as a table on stdout.
 * Exit 0 no regression, 1 a regression, 2 bad usage, a report that cannot be read, or nothing to compare
 * (no fault in common, too few samples: no verdict is not a pass).
 *
 * The reports: `compare OLD NEW`, or `--baseline` and `--new` (each repeatable, each value possibly a
 * comma-separated list), or `--baseline …` with the new reports as arguments (or `--new …` with the
 * baseline's).
 */
import { compareRuns, type Runs } from '../baseline/compare.ts';
import { type LoadedReport, loadReports } from '../baseline/load.ts';
import { DEFAULT_COMPARE } from '../baseline/options.ts';
import { comparisonTable } from '../baseline/table.ts';
import { pairByTarget } from '../baseline/targets.ts';
import type { FlagValue, LoadOptions } from '../config/load.ts';
import { loadCompareConfig } from '../config/load.ts';
import { ExitCode, UsageError } from '../errors.ts';

/** The paths of each side, from the flags and the arguments. */
export interface CompareInputs {
  readonly baseline: readonly string[];
  readonly current: readonly string[];
}

const HOW = 'compare OLD NEW, or --baseline OLD… --new NEW… (each a report.json or a report directory)';

/** Which paths are the baseline's and which the new runs'; throws a UsageError saying how otherwise. */
export function compareInputs(
  flags: Readonly<Record<string, FlagValue>>,
  args: readonly string[],
): CompareInputs {
  const baseline = paths(flags, '--baseline');
  const current = paths(flags, '--new');
  if (baseline.length && current.length) {
    if (args.length)
      throw new UsageError(`compare: ${args.join(' ')}: give each report with --baseline or --new`);
    return { baseline, current };
  }
  if (baseline.length) {
    if (!args.length) throw new UsageError(`compare needs the new reports: ${HOW}`);
    return { baseline, current: args };
  }
  if (current.length) {
    if (!args.length) throw new UsageError(`compare needs the baseline's reports: ${HOW}`);
    return { baseline: args, current };
  }
  const [old, now] = args;
  if (args.length !== 2 || old === undefined || now === undefined)
    throw new UsageError(
      `compare takes two reports, got ${args.length}: ${HOW}; --baseline and --new pool several runs`,
    );
  return { baseline: [old], current: [now] };
}

/** Runs `compare`: the table through `out`; resolves to the exit code. */
export async function compareCommand(
  flags: Readonly<Record<string, FlagValue>>,
  args: readonly string[],
  opts: LoadOptions,
  out: (line: string) => void,
): Promise<number> {
  const cfg = loadCompareConfig(opts);
  const inputs = compareInputs(flags, args);
  const baseline = await loadReports(inputs.baseline, 'baseline report');
  const current = await loadReports(inputs.current, 'new report');
  const options = { ...DEFAULT_COMPARE, maxRegression: cfg.maxRegression, minSamples: cfg.minSamples };
  // Each new target against the baseline's reports of that target (targets.ts): a directory of a run of
  // several targets holds one report per target, and their samples must not pool.
  const pairs = pairByTarget(withTargets(baseline), withTargets(current));
  const several = pairs.length > 1;
  const verdicts: string[] = [];
  const inconclusive: string[] = [];
  for (const pair of pairs) {
    if (several) out(`${pair.target}:`);
    if (pair.note) out(pair.note);
    const c = compareRuns(side(pair.baseline), side(pair.current), options);
    for (const line of comparisonTable(c)) out(several && line ? `  ${line}` : line);
    verdicts.push(c.verdict);
    if (c.verdict === 'inconclusive') {
      const hint = c.faults.length ? '; give more runs on each side, or lower --min-samples' : '';
      inconclusive.push(
        `${several ? `${pair.target}: ` : ''}${pair.baseline.length ? c.summary : (pair.note ?? c.summary)}${hint}`,
      );
    }
  }
  if (verdicts.includes('regression')) return ExitCode.ChecksFailed;
  if (inconclusive.length) throw new UsageError(`compare: ${inconclusive.join('; ')}`);
  return ExitCode.Ok;
}

function withTargets(
  reports: readonly LoadedReport[],
): (LoadedReport & { target: LoadedReport['report']['target'] })[] {
  return reports.map((r) => ({ ...r, target: r.report.target }));
}

function side(reports: readonly LoadedReport[]): Runs {
  return { reports: reports.map((r) => r.file), runs: reports.map((r) => r.report) };
}

/** A repeatable flag's paths, each value possibly a comma-separated list. */
function paths(flags: Readonly<Record<string, FlagValue>>, flag: string): string[] {
  const value = flags[flag];
  if (value === undefined) return [];
  const values = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  const out = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (out.length === 0) throw new UsageError(`${flag}: names no report`);
  return out;
}
