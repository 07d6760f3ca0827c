/**
 * The run's metrics against a real Prometheus and Pushgateway (Debian's `prometheus` and
 * `prometheus-pushgateway`), all on loopback, no cluster. Run by Node 24 directly:
 *
 *   apt-get install -y prometheus prometheus-pushgateway     (their services are not started here)
 *   node scripts/metrics-prometheus.ts                        (npm run test:metrics)
 *
 * It feeds a RunMetrics the steps of a short run (two steps, recovery phases, verdicts, a fault in force),
 * then:
 *  1. lints the exposition text with `promtool check metrics`;
 *  2. starts a Pushgateway, pushes with pushMetrics (the run's end), and reads the pushed series back from
 *     its `/api/v1/metrics` (group job=sts-chaos, run=<runId>);
 *  3. serves `/metrics` with serveMetrics, starts a Prometheus scraping it every second, and asks its
 *     HTTP API (`/api/v1/query`) for the steps, the recovery histogram's p90 per fault and the run's labels.
 * Exits 0 when every check holds, 1 otherwise; the binaries' versions are printed first.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import {
  freePort,
  PROMETHEUS,
  PROMTOOL,
  PromProcesses,
  PUSHGATEWAY,
  query as promQuery,
  pushedGroup,
  until,
  versionOf,
} from '../lab/test/prometheus.ts';
import { RunMetrics } from '../src/engine/metrics/metrics.ts';
import { pushMetrics } from '../src/engine/metrics/push.ts';
import { serveMetrics } from '../src/engine/metrics/server.ts';
import type { StepReport } from '../src/report/types.ts';

const log = pino({ level: 'info' });
const procs = new PromProcesses();
const dir = procs.dir;
let failures = 0;

function check(what: string, ok: boolean, detail = ''): void {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? `: ${detail}` : ''}`);
  if (!ok) failures++;
}

/** The steps of a short run, as the session reports them. */
function feed(m: RunMetrics): void {
  const steps: [string, string, string, Record<string, number>][] = [
    [
      'identity',
      'identity/pod-kill-graceful',
      'pod-kill',
      { deletion: 900, scheduling: 200, attach: 3100, start: 1500, ready: 6300, total: 12000 },
    ],
    [
      'volumes',
      'volumes/claim-deletion',
      'claim-deletion',
      { deletion: 1400, scheduling: 600, attach: 8000, start: 2000, ready: 9000, total: 21000 },
    ],
  ];
  m.planned(3);
  for (const [suite, step, fault, recovery] of steps) {
    m.started({ suite, step, fault });
    m.reported({
      title: `${fault} web-2`,
      suite,
      step,
      fault,
      startedAt: 0,
      endedAt: 1,
      results: [
        { id: 'REC-1', status: 'pass', reason: 'ok', violations: [] },
        { id: 'ID-1', status: 'pass', reason: 'ok', violations: [] },
        { id: 'VOL-3', status: fault === 'claim-deletion' ? 'fail' : 'pass', reason: '', violations: [] },
      ],
      recovery,
    } as StepReport);
    m.ended({ suite, step, fault });
  }
  // The third step in progress, its fault in force, while Prometheus scrapes.
  m.started({ suite: 'probes', step: 'probes/probe-breakage', fault: 'probe-breakage' });
}

async function main(): Promise<void> {
  console.log(`prometheus: ${versionOf(PROMETHEUS)}`);
  console.log(`pushgateway: ${versionOf(PUSHGATEWAY)}`);
  const runId = `run-metrics-${process.pid}`;
  const registry = new Registry();
  const metrics = new RunMetrics({
    registry,
    target: { namespace: 'sts-demo', name: 'web' },
    runId,
    usage: () => ({ requests: { get: 12, list: 3, patch: 1 }, watches: 5, execs: 2 }),
    faultsInForce: () => 1,
    log,
  });
  feed(metrics);

  // 1. promtool's lint of the names, types and help.
  const text = await registry.metrics();
  writeFileSync(join(dir, 'metrics.txt'), text);
  let lint = '';
  try {
    lint = execFileSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8', stdio: 'pipe' });
    check('promtool check metrics', true);
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    lint = `${err.stdout ?? ''}${err.stderr ?? ''}`;
    check('promtool check metrics', false, lint.trim());
  }

  // 2. The Pushgateway holds the run's push.
  const gw = await procs.pushgateway('127.0.0.1', await freePort());
  check('pushMetrics', await pushMetrics(registry, gw, runId, log));
  const group = await pushedGroup(gw, { job: 'sts-chaos', run: runId });
  check('pushgateway group job=sts-chaos run=<runId>', !!group);
  const family = (name: string) => group?.[name];
  const planned = family('sts_chaos_steps_planned');
  check('pushed sts_chaos_steps_planned = 3', planned?.metrics[0]?.value === '3', JSON.stringify(planned));
  check(
    'pushed with target and run labels',
    planned?.metrics[0]?.labels.target === 'sts-demo/web' && planned?.metrics[0]?.labels.run === runId,
  );
  const done = family('sts_chaos_steps_done_total');
  check(
    'pushed sts_chaos_steps_done_total = 2 (COUNTER)',
    done?.type === 'COUNTER' && done.metrics[0]?.value === '2',
  );
  const rec = family('sts_chaos_recovery_seconds');
  const total = rec?.metrics.find((x) => x.labels.fault === 'claim-deletion' && x.labels.phase === 'total');
  check(
    'pushed sts_chaos_recovery_seconds (HISTOGRAM) claim-deletion total, count 1',
    rec?.type === 'HISTOGRAM' && total?.count === '1',
    JSON.stringify(total),
  );
  const checks = family('sts_chaos_check_results_total');
  check(
    'pushed VOL-3 fail = 1',
    checks?.metrics.find((x) => x.labels.check === 'VOL-3' && x.labels.status === 'fail')?.value === '1',
  );

  // 3. Prometheus scrapes /metrics.
  const server = await serveMetrics(registry, '127.0.0.1:0');
  const prom = await procs.prometheus([`127.0.0.1:${server.port}`]);
  const query = (q: string) => promQuery(prom, q);
  const scraped = await until(
    'a scrape',
    async () => {
      const r = await query('sts_chaos_steps_planned');
      return r.length ? r : undefined;
    },
    30,
  ).catch(() => undefined);
  const s = scraped?.[0];
  check('prometheus scraped sts_chaos_steps_planned = 3', s?.value[1] === '3', JSON.stringify(scraped));
  check(
    'with target, run, job labels',
    s?.metric.target === 'sts-demo/web' && s?.metric.run === runId && s?.metric.job === 'sts-chaos',
  );
  const doneQ = await query('sts_chaos_steps_done_total');
  check('sts_chaos_steps_done_total = 2', doneQ[0]?.value[1] === '2');
  const inProgress = await query('sts_chaos_step_in_progress == 1');
  check(
    'the step in progress',
    inProgress.length === 1 && inProgress[0]?.metric.step === 'probes/probe-breakage',
    JSON.stringify(inProgress),
  );
  const force = await query('sts_chaos_faults_in_force');
  check('sts_chaos_faults_in_force = 1', force[0]?.value[1] === '1');
  const api = await query('sum(sts_chaos_api_requests_total)');
  check('sum(sts_chaos_api_requests_total) = 23', api[0]?.value[1] === '23', JSON.stringify(api));
  // Over the series' last value (no rate: the histogram does not grow during this test).
  const p90 = await query(
    'histogram_quantile(0.9, sum by (le, fault) (sts_chaos_recovery_seconds_bucket{phase="total"}))',
  );
  const byFault = Object.fromEntries(p90.map((r) => [r.metric.fault, Number(r.value[1])]));
  check(
    'p90 recovery per fault (pod-kill in (10,15], claim-deletion in (20,30])',
    (byFault['pod-kill'] ?? 0) > 10 &&
      (byFault['pod-kill'] ?? 0) <= 15 &&
      (byFault['claim-deletion'] ?? 0) > 20 &&
      (byFault['claim-deletion'] ?? 0) <= 30,
    JSON.stringify(byFault),
  );
  // The README's query parses and runs (empty here: a rate needs the histogram to grow).
  const readme = await query(
    'histogram_quantile(0.9, sum by (le, fault) (rate(sts_chaos_recovery_seconds_bucket[1h])))',
  ).then(
    () => true,
    () => false,
  );
  check("the README's p90 query runs", readme);
  await server.close();
}

try {
  await main();
} catch (e) {
  check('no error', false, (e as Error).stack ?? String(e));
} finally {
  await procs.stop();
}
console.log(failures ? `${failures} check(s) failed` : 'every check holds');
process.exit(failures ? 1 : 0);
