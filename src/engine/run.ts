import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { gateOnBaseline, loadBaseline } from '../baseline/gate.ts';
import { CATALOGUE, selectSteps } from '../catalogue/index.ts';
import type { RunConfig } from '../config/types.ts';
import { ChaosError, ExitCode, RefusedError } from '../errors.ts';
import { WebSocketExec } from '../kube/exec.ts';
import { KubeHttp } from '../kube/http.ts';
import { loadKubeConfig } from '../kube/kubeconfig.ts';
import type { StatefulSet } from '../kube/objects.ts';
import type { ApiUsage, RunOutcome, RunReport } from '../report/types.ts';
import { writeReports } from '../report/write.ts';
import { Recorder } from '../timeline/recorder.ts';
import { Duration } from '../util/duration.ts';
import { runEvents } from './events/run-events.ts';
import type { Guide } from './guide/gate.ts';
import { openGuide, whereToGuide } from './guide/open.ts';
import { RunLease } from './lease.ts';
import { Ledger } from './ledger.ts';
import { logReporter } from './log-reporter.ts';
import { lastScrape, startMetrics } from './metrics/lifecycle.ts';
import { preflight } from './preflight.ts';
import { runIterations, totalSteps } from './repeat/loop.ts';
import { storeResults } from './results.ts';
import { Reverts, revertFromLedger } from './reverts.ts';
import { checkNamespace, withPlannedFaults } from './run-scope.ts';
import { Session } from './session.ts';
import { loadTarget } from './target.ts';
import { podsByName } from './waits.ts';

export const VERSION = '0.1.0';
/** How long the run's end waits for its last Events to be sent. */
const EVENTS_FLUSH = Duration.seconds(5);

/** What a caller may pass in besides the config (a test reads the metrics' registry). */
export interface RunOptions {
  /** The registry of the run's Prometheus metrics. @default a new one per run */
  readonly registry?: Registry;
  /** Called with the run's report once it is written (a run of several targets gathers them). */
  readonly onReport?: (report: RunReport) => void;
  /** A run of several targets: its steps numbered across them (src/engine/repeat/loop.ts). @default alone */
  readonly numbering?: { readonly before: number; readonly targets: number };
}

/**
 * One target's run (`cfg.target`): preflight, faults through the suites, verdicts, reports. Returns the
 * exit code. `sts-chaos run` calls it once per target (src/engine/many.ts).
 */
export async function runTarget(
  cfg: RunConfig,
  log: Logger,
  signal: AbortSignal,
  opts: RunOptions = {},
): Promise<number> {
  checkNamespace(cfg);
  // A guided run (--step) nobody could answer is refused before anything is touched.
  if (cfg.guided) whereToGuide(process.env, process.stdin);
  const planned = selectSteps(CATALOGUE, cfg);
  // --baseline's reports, read before anything is touched (a bad path is exit 2 now, not after the faults).
  const baseline = await loadBaseline(cfg);
  const kc = loadKubeConfig({ kubeconfig: cfg.kubeconfig, context: cfg.context });
  const http = new KubeHttp(kc);
  const exec = new WebSocketExec(kc);
  const runId = `run-${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${randomUUID().slice(0, 6)}`;
  const startedAt = Date.now();
  const target = await loadTarget(http, cfg.target.namespace, cfg.target.name, cfg.container, cfg.dataPaths);
  const ledger = new Ledger(http, target.namespace, target.name, log);
  const deps = { http, exec, log };

  // One run per target: take the Lease first, so that a second run never reverts a live run's faults.
  const lease = new RunLease(http, target.namespace, target.name, runId);
  if (!cfg.dryRun) await lease.acquire();
  let pf: Awaited<ReturnType<typeof preflight>>;
  let guide: Guide | undefined;
  try {
    // What a killed run left behind goes next.
    if (!cfg.dryRun) {
      const left = await revertFromLedger(deps, ledger);
      if (left.failed.length)
        throw new ChaosError(
          ExitCode.RevertFailed,
          `a previous run left reverts that fail: ${left.failed.join('; ')}`,
        );
    }
    pf = await preflight(http, exec, target, withPlannedFaults(cfg, planned), log);
    for (const l of pf.lines) log.info({ preflight: true }, l);
    if (pf.refusal) throw new RefusedError(`preflight refused: ${pf.refusal}`);
    if (cfg.guided && !cfg.dryRun)
      guide = await openGuide({ env: process.env, stdin: process.stdin, stderr: process.stderr, http, log });
  } catch (e) {
    if (!cfg.dryRun) await lease.release();
    throw e;
  }
  if (cfg.dryRun) {
    log.info('dry run: nothing was touched');
    return ExitCode.Ok;
  }

  const recorder = new Recorder({
    http,
    target,
    podSelector: target.selector,
    podLabels: target.statefulSet.spec?.template?.metadata?.labels ?? {},
    log,
  });
  // The fault windows as Events (best effort; preflight said whether they may be created).
  const events = runEvents(pf.events, {
    http,
    log,
    reporter: { runId, instance: hostname() },
    target: { namespace: target.namespace, name: target.name, uid: target.statefulSet.metadata.uid },
    uidNow: (kind, name) =>
      kind === 'Pod'
        ? podsByName(recorder).get(name)?.metadata.uid
        : recorder.objects<StatefulSet>('StatefulSet').find((o) => o.metadata?.name === name)?.metadata.uid,
  });
  const windows = events?.windows;
  const reverts = new Reverts(deps, ledger, runId, windows);
  // Prometheus metrics (--metrics-address, --pushgateway): best effort, like the Events.
  // prom-client is imported only then (about 12 MiB more peak RSS).
  // A registry that cannot take them (a test's, already used) is a warning, as the server's address is.
  const metrics =
    cfg.metricsAddress || cfg.pushgateway
      ? await import('./metrics/metrics.ts')
          .then(
            (m) =>
              new m.RunMetrics({
                ...(opts.registry ? { registry: opts.registry } : {}),
                target,
                runId,
                usage: () => apiUsage(http, exec),
                faultsInForce: () => reverts.pending,
                log,
              }),
          )
          .catch((e: Error) => {
            log.warn(`metrics: cannot be set up: ${e.message}; no metrics for this run`);
            return undefined;
          })
      : undefined;
  // The steps the run will take; not known in advance with --for alone (then the gauge stays unset).
  const stepsPlanned = totalSteps(planned.length, cfg);
  if (stepsPlanned !== undefined) metrics?.planned(stepsPlanned);
  const server = await startMetrics(metrics, cfg.metricsAddress, log);
  let outcome: RunOutcome = 'error';
  let reason: string | undefined;
  let exitCode: number = ExitCode.ChecksFailed;
  const session = new Session({
    http,
    exec,
    recorder,
    reverts,
    log,
    config: cfg,
    target,
    signal,
    lease: lease.ref,
    runId,
    inCluster: !!process.env.KUBERNETES_SERVICE_HOST,
    ...(process.env.STS_CHAOS_NODE_NAME ? { ownNode: process.env.STS_CHAOS_NODE_NAME } : {}),
    usage: () => apiUsage(http, exec),
    execWorks: pf.exec,
    ...(windows ? { windows } : {}),
    ...(metrics ? { metrics } : {}),
    ...(guide ? { gate: guide } : {}),
  });
  try {
    await recorder.start();
    session.start();
    // The suites, once or again and again (--repeat, --for), with the progress of each step.
    const failures = await runIterations(planned, session, {
      config: cfg,
      log,
      reporter: logReporter(log),
      signal,
      ...(guide ? { waitedMs: () => guide.waitedMs } : {}),
      ...(opts.numbering ? { numbering: opts.numbering } : {}),
    });
    if (signal.aborted) {
      outcome = 'interrupted';
      exitCode = ExitCode.Interrupted;
      reason = 'interrupted by a signal; faults reverted';
    } else {
      const failed = session.steps.flatMap((s) => [
        ...(s.error ? [`${s.title} had no effect (${s.error})`] : []),
        ...s.results.filter((r) => r.status === 'fail').map((r) => `${r.id} on ${s.title}`),
      ]);
      const aborted = session.abortSummary ? `${session.abortSummary}; every fault was reverted` : '';
      if (aborted && !failed.length) {
        // Someone else changed the target: no verdict was earned.
        outcome = 'interrupted';
        exitCode = ExitCode.Interrupted;
        reason = aborted;
      } else {
        outcome = failed.length || failures ? 'failed' : 'passed';
        exitCode = outcome === 'passed' ? ExitCode.Ok : ExitCode.ChecksFailed;
        if (failed.length) reason = `failed: ${failed.join(', ')}${aborted ? `; ${aborted}` : ''}`;
        else if (failures) reason = `${failures} test(s) failed outside the checks (see the log)`;
      }
    }
  } catch (e) {
    reason = (e as Error).message;
    if (e instanceof ChaosError) {
      exitCode = e.exitCode;
      outcome = e.exitCode === ExitCode.Refused ? 'refused' : 'error';
    }
    throw e;
  } finally {
    session.stop();
    await guide?.close();
    await reverts.revertAll();
    if (reverts.failures.length) {
      outcome = 'revert-failed';
      exitCode = ExitCode.RevertFailed;
      reason = reverts.failures.join('; ');
    }
    // Recovery times against --baseline: a regression, or nothing to judge, fails a passed run.
    const verdict = gateOnBaseline(
      baseline,
      { runId, steps: session.steps, target: cfg.target, reportDir: cfg.reportDir },
      { outcome, exitCode, ...(reason ? { reason } : {}) },
      log,
    );
    ({ outcome, exitCode, reason } = verdict);
    windows?.finished({
      outcome,
      exitCode,
      ...(reason ? { reason } : {}),
      steps: session.steps.filter((s) => s.ordinal !== undefined).length,
    });
    await recorder.stop().catch(() => undefined);
    await lease.release();
    await ledger.dropIfEmpty().catch(() => undefined);
    const report: RunReport = {
      tool: { name: 'sts-chaos', version: VERSION },
      runId,
      target: { namespace: target.namespace, name: target.name },
      startedAt,
      finishedAt: Date.now(),
      usage: { ...apiUsage(http, exec), peakRssBytes: process.resourceUsage().maxRSS * 1024 },
      ...verdict,
      steps: session.steps,
      preflight: pf.lines,
      leftovers: reverts.failures,
      timeline: recorder.store.timeline(),
    };
    opts.onReport?.(report);
    const files = await writeReports(cfg.reportDir, report);
    log.info({ reportDir: cfg.reportDir, files: files.length }, `reports written to ${cfg.reportDir}`);
    if (cfg.resultsConfigMap) {
      await storeResults(
        http,
        target.namespace,
        cfg.resultsConfigMap,
        cfg.reportDir,
        `${outcome} (exit ${exitCode})`,
      )
        .then(() =>
          log.info(
            { configMap: cfg.resultsConfigMap },
            `results stored in ConfigMap ${target.namespace}/${cfg.resultsConfigMap}`,
          ),
        )
        .catch((e: Error) =>
          log.warn(
            { configMap: cfg.resultsConfigMap },
            `could not store the results in a ConfigMap: ${e.message}`,
          ),
        );
    }
    // The last Events (the reverts', RunFinished) within a few seconds, and the metrics' push within its
    // own deadline: the verdict line stays the last.
    const [, pushed] = await Promise.all([
      events?.flush(EVENTS_FLUSH),
      metrics && cfg.pushgateway
        ? import('./metrics/push.ts').then((p) =>
            p.pushMetrics(metrics.registry, cfg.pushgateway as string, runId, log),
          )
        : false,
    ]);
    await lastScrape(server, cfg.metricsLinger, signal, log, pushed);
    await server?.close();
    log.info(
      { verdict: outcome, exitCode, runId },
      `verdict: ${outcome.toUpperCase()} (exit ${exitCode})${reason ? `: ${reason}` : ''}`,
    );
  }
  return exitCode;
}

/** The API requests made so far by verb (watch requests apart) and the exec sessions opened. */
function apiUsage(http: KubeHttp, exec: WebSocketExec): ApiUsage {
  const { watch, ...requests } = http.counts;
  return { requests, watches: watch, execs: exec.calls };
}
