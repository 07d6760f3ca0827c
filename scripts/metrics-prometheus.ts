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
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import { RunMetrics } from '../src/engine/metrics/metrics.ts';
import { pushMetrics } from '../src/engine/metrics/push.ts';
import { serveMetrics } from '../src/engine/metrics/server.ts';
import type { StepReport } from '../src/report/types.ts';

const PROMETHEUS = process.env.PROMETHEUS ?? 'prometheus';
const PUSHGATEWAY = process.env.PUSHGATEWAY ?? 'prometheus-pushgateway';
const PROMTOOL = process.env.PROMTOOL ?? 'promtool';
const log = pino({ level: 'info' });
const children: ChildProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), 'sts-chaos-metrics-'));
let failures = 0;

function check(what: string, ok: boolean, detail = ''): void {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? `: ${detail}` : ''}`);
  if (!ok) failures++;
}

/** A free loopback port (bound, then let go). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function start(bin: string, args: string[], name: string): ChildProcess {
  const c = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  c.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-4000);
  });
  c.on('exit', (code) => {
    if (code && code !== 0) console.error(`${name} exited ${code}:\n${err}`);
  });
  children.push(c);
  return c;
}

async function until<T>(
  what: string,
  f: () => Promise<T | undefined>,
  seconds: number,
): Promise<T | undefined> {
  const end = Date.now() + seconds * 1000;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await f();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  console.error(`${what}: not within ${seconds}s${last ? ` (${(last as Error).message})` : ''}`);
  return undefined;
}

const ready = (base: string) =>
  until(`${base}/-/ready`, async () => ((await fetch(`${base}/-/ready`)).ok ? true : undefined), 30);

function version(bin: string): string {
  // The Pushgateway prints its version on stderr.
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`.split('\n')[0] ?? '';
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
  console.log(`prometheus: ${version(PROMETHEUS)}`);
  console.log(`pushgateway: ${version(PUSHGATEWAY)}`);
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
  const gwPort = await freePort();
  const gw = `http://127.0.0.1:${gwPort}`;
  start(PUSHGATEWAY, [`--web.listen-address=127.0.0.1:${gwPort}`], 'pushgateway');
  check('pushgateway ready', (await ready(gw)) === true);
  check('pushMetrics', await pushMetrics(registry, gw, runId, log));
  const groups = (await (await fetch(`${gw}/api/v1/metrics`)).json()) as {
    data: { labels: Record<string, string>; [name: string]: unknown }[];
  };
  const group = groups.data.find((g) => g.labels.job === 'sts-chaos' && g.labels.run === runId);
  check(
    'pushgateway group job=sts-chaos run=<runId>',
    !!group,
    JSON.stringify(groups.data.map((g) => g.labels)),
  );
  const family = (name: string) =>
    group?.[name] as
      | { type: string; metrics: { labels: Record<string, string>; value?: string; count?: string }[] }
      | undefined;
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
  const promPort = await freePort();
  const prom = `http://127.0.0.1:${promPort}`;
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global: {scrape_interval: 1s, evaluation_interval: 1s}',
      'scrape_configs:',
      '  - job_name: sts-chaos',
      `    static_configs: [{targets: ["127.0.0.1:${server.port}"]}]`,
      '',
    ].join('\n'),
  );
  start(
    PROMETHEUS,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
    ],
    'prometheus',
  );
  check('prometheus ready', (await ready(prom)) === true);
  type Vector = { metric: Record<string, string>; value: [number, string] }[];
  const query = async (q: string): Promise<Vector> => {
    const r = (await (await fetch(`${prom}/api/v1/query?query=${encodeURIComponent(q)}`)).json()) as {
      status: string;
      data: { result: Vector };
      error?: string;
    };
    if (r.status !== 'success') throw new Error(r.error);
    return r.data.result;
  };
  const scraped = await until(
    'a scrape',
    async () => {
      const r = await query('sts_chaos_steps_planned');
      return r.length ? r : undefined;
    },
    30,
  );
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
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(
    children.map((c) => (c.exitCode !== null ? undefined : new Promise((r) => c.once('exit', r)))),
  );
  rmSync(dir, { recursive: true, force: true });
}
console.log(failures ? `${failures} check(s) failed` : 'every check holds');
process.exit(failures ? 1 : 0);
