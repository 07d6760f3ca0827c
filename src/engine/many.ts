/**
 * `sts-chaos run` and `plan` over every target of the config (src/engine/targets.ts). One target: exactly
 * one run (its reports in the report directory). Several (or a selector): one after another, never two at
 * once (a game day sees one fault at a time, and one target's faults never overlap another's recovery);
 * each with its own run ID, Lease, ledger, Events and reports (`<report dir>/<namespace>.<name>/`); a
 * target refused or failed does not stop the next; a signal does (the rest are "not run"). One verdict:
 * the worst exit code (5 revert failed, 4 interrupted, 3 refused, 2 bad usage, 1 a check failed, 0 all
 * passed). The operator's abort of a guided run stops it too; its steps are numbered across the targets.
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import { messageOf } from '../config/message.ts';
import type { RunConfig, TargetRef } from '../config/types.ts';
import { ChaosError, ExitCode } from '../errors.ts';
import { KubeHttp } from '../kube/http.ts';
import { loadKubeConfig } from '../kube/kubeconfig.ts';
import {
  type ManyReport,
  TARGETS_FILE,
  type TargetResult,
  targetDir,
  writeManyReports,
} from '../report/many.ts';
import type { RunOutcome, RunReport } from '../report/types.ts';
import { ABORTED_BY_OPERATOR } from './guide/gate.ts';
import { planTarget } from './plan.ts';
import { storeResults } from './results.ts';
import { type RunOptions, runTarget, VERSION } from './run.ts';
import { isMultiTarget, resolveTargets, targetName } from './targets.ts';

/** What the loop calls; tests pass fakes. */
export interface ManyDeps {
  readonly resolve: (cfg: RunConfig) => Promise<TargetRef[]>;
  readonly runOne: (cfg: RunConfig, log: Logger, signal: AbortSignal, opts: RunOptions) => Promise<number>;
  readonly write: typeof writeManyReports;
  /** Stores the run's top-level results in a ConfigMap (--results-configmap). */
  readonly store: (cfg: RunConfig, namespace: string, verdict: string) => Promise<void>;
}

const realDeps: ManyDeps = {
  resolve: (cfg) =>
    resolveTargets(new KubeHttp(loadKubeConfig({ kubeconfig: cfg.kubeconfig, context: cfg.context })), cfg),
  runOne: runTarget,
  write: writeManyReports,
  store: (cfg, namespace, verdict) =>
    storeResults(
      new KubeHttp(loadKubeConfig({ kubeconfig: cfg.kubeconfig, context: cfg.context })),
      namespace,
      cfg.resultsConfigMap as string,
      cfg.reportDir,
      verdict,
      TARGETS_FILE,
    ),
};

const OUTCOME_OF: Readonly<Record<number, RunOutcome>> = {
  [ExitCode.Ok]: 'passed',
  [ExitCode.ChecksFailed]: 'failed',
  [ExitCode.Refused]: 'refused',
  [ExitCode.Interrupted]: 'interrupted',
  [ExitCode.RevertFailed]: 'revert-failed',
};

export async function runCommand(
  cfg: RunConfig,
  log: Logger,
  signal: AbortSignal,
  opts: RunOptions = {},
  deps: ManyDeps = realDeps,
): Promise<number> {
  if (!isMultiTarget(cfg)) return deps.runOne(cfg, log, signal, opts);
  const startedAt = Date.now();
  const targets = await deps.resolve(cfg);
  if (cfg.selector && targets.length === cfg.targets.length)
    log.warn(
      { selector: cfg.selector },
      `--selector ${cfg.selector.namespace}/${cfg.selector.labels} matches no StatefulSet besides the --target ones`,
    );
  log.info(
    { targets: targets.map(targetName) },
    `${targets.length} targets, one after another: ${targets.map(targetName).join(', ')}`,
  );
  const results: TargetResult[] = [];
  /** The steps of the targets so far: the next target's are numbered after them (a guided run's answers). */
  let stepsBefore = 0;
  /** Why the rest are not run: a signal, or the operator's abort of a guided run. */
  let stopped: string | undefined;
  // A test's registry serves one run; each target's run makes its own.
  const { registry: _registry, ...perTarget } = opts;
  for (const [i, target] of targets.entries()) {
    const dir = targetDir(target);
    if (signal.aborted) stopped ??= 'interrupted before it';
    if (stopped) {
      results.push({ target, outcome: 'not-run', exitCode: ExitCode.Interrupted, reason: stopped, dir });
      continue;
    }
    const name = targetName(target);
    log.info({ target: name }, `target ${i + 1} of ${targets.length}: ${name}`);
    let report: RunReport | undefined;
    const one: RunConfig = {
      ...cfg,
      target,
      targets: [target],
      reportDir: join(cfg.reportDir, dir),
      ...(cfg.resultsConfigMap
        ? { resultsConfigMap: `${cfg.resultsConfigMap}-${target.name}`.slice(0, 253) }
        : {}),
    };
    const { selector: _, ...single } = one;
    let exitCode: number;
    let reason: string | undefined;
    try {
      exitCode = await deps.runOne(single, log.child({ target: name }), signal, {
        ...perTarget,
        numbering: { before: stepsBefore, targets: targets.length },
        onReport: (r) => {
          report = r;
          opts.onReport?.(r);
        },
      });
    } catch (e) {
      // Whatever ends one target's run, the next still runs: a refusal (its exit code), or anything else.
      exitCode = e instanceof ChaosError ? e.exitCode : ExitCode.ChecksFailed;
      reason = e instanceof ChaosError ? e.message : `error: ${messageOf(e)}`;
      log.error({ target: name, exitCode }, `${name}: ${reason}`);
    }
    stepsBefore += report?.steps.length ?? 0;
    const outcome =
      report?.outcome ?? (reason?.startsWith('error: ') ? 'error' : OUTCOME_OF[exitCode]) ?? 'error';
    const why = report?.reason ?? reason;
    if (why?.startsWith(ABORTED_BY_OPERATOR)) stopped = `not run: the operator aborted the run at ${name}`;
    results.push({
      target,
      outcome,
      exitCode,
      ...(why ? { reason: why } : {}),
      dir,
      ...(report ? { report } : {}),
    });
  }
  const exitCode = Math.max(...results.map((r) => r.exitCode));
  const outcome: RunOutcome = OUTCOME_OF[exitCode] ?? 'error';
  const bad = results.filter((r) => r.exitCode !== ExitCode.Ok);
  const reason = bad.length
    ? bad.map((r) => `${targetName(r.target)} ${r.outcome} (exit ${r.exitCode})`).join(', ')
    : undefined;
  const many: ManyReport = {
    tool: { name: 'sts-chaos', version: VERSION },
    startedAt,
    finishedAt: Date.now(),
    outcome,
    exitCode,
    ...(reason ? { reason } : {}),
    targets: results.map(({ report: _r, ...rest }) => rest),
  };
  const each = results.map((r) => `${targetName(r.target)} ${r.outcome}`).join(', ');
  if (cfg.dryRun) {
    log.info({ exitCode }, `dry run over ${results.length} targets (${each}): nothing was touched`);
    return exitCode;
  }
  await deps.write(cfg.reportDir, many, results).catch((e: Error) => {
    log.error({ reportDir: cfg.reportDir }, `could not write the run's reports: ${messageOf(e)}`);
  });
  // The whole run's results beside each target's (<name>-<target>), in the first target's namespace.
  const first = targets[0];
  if (cfg.resultsConfigMap && first)
    await deps
      .store(cfg, first.namespace, `${outcome} (exit ${exitCode})`)
      .then(() =>
        log.info(
          { configMap: cfg.resultsConfigMap },
          `results of the run stored in ConfigMap ${first.namespace}/${cfg.resultsConfigMap}`,
        ),
      )
      .catch((e: Error) => log.warn(`could not store the run's results in a ConfigMap: ${e.message}`));
  log.info(
    { verdict: outcome, exitCode, targets: results.length },
    `verdict: ${outcome.toUpperCase()} (exit ${exitCode}) over ${results.length} targets: ${each}`,
  );
  return exitCode;
}

/** `sts-chaos plan` for each target, one after another; the worst exit code. */
export async function planCommand(
  cfg: RunConfig,
  out: (line: string) => void,
  deps: Pick<ManyDeps, 'resolve'> = realDeps,
): Promise<number> {
  if (!isMultiTarget(cfg)) return planTarget(cfg, out);
  const targets = await deps.resolve(cfg);
  out(`${targets.length} targets, run one after another: ${targets.map(targetName).join(', ')}`);
  let worst = 0;
  for (const target of targets) {
    const { selector: _, ...one } = { ...cfg, target, targets: [target] };
    const code = await planTarget(one, out).catch((e: Error) => {
      if (!(e instanceof ChaosError)) throw e;
      out(`${targetName(target)}: ${e.message}`);
      return e.exitCode;
    });
    worst = Math.max(worst, code);
  }
  return worst;
}
