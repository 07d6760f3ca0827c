/**
 * npm run soak [-- --runs N]: every suite N times in a row (default 10) on a healthy lab target, with node
 * loss. After each run it looks for leftovers (pods, claims, ephemeral containers, Leases, ledger
 * entries, cordons, nodes not Ready) and prints each run's verdict, time and peak RSS. Exits 1 on any
 * failed check, leftover, or peak RSS that grows across the runs.
 */
import { join } from 'node:path';
import { Command } from 'commander';

// biome-ignore lint/suspicious/noExplicitAny: kubectl's JSON output, read loosely by the soak's leftover check.
type Json = any;

import { runCli } from './cli-run.ts';
import { median, secs, table } from './stats.ts';
import { build, deployDemo, KUBECONFIG, kubectl, log, ROOT } from './target.ts';

const NS = 'sts-soak';
const REPLICAS = 3;
/** Peak RSS of the last runs may exceed the first runs' median by this much before it counts as growth. */
const RSS_SLACK = 1.1;

async function json(...args: string[]): Promise<Json> {
  return JSON.parse(await kubectl(...args, '-o', 'json'));
}

/** Everything a run could have left behind, as sentences (empty: clean). */
export async function leftovers(ns: string): Promise<string[]> {
  const out: string[] = [];
  const pods = (await json('-n', ns, 'get', 'pods')).items as Json[];
  const ready = (p: Json) =>
    (p.status?.conditions ?? []).some((c: Json) => c.type === 'Ready' && c.status === 'True');
  if (pods.length !== REPLICAS) out.push(`${pods.length} pods in ${ns}, expected ${REPLICAS}`);
  for (const p of pods) {
    if (!ready(p) || p.metadata.deletionTimestamp) out.push(`pod ${p.metadata.name} is not Ready`);
    if ((p.spec?.ephemeralContainers ?? []).length)
      out.push(`pod ${p.metadata.name} has ephemeral containers`);
  }
  const claims = (await json('-n', ns, 'get', 'pvc')).items as Json[];
  if (claims.length !== REPLICAS) out.push(`${claims.length} claims in ${ns}, expected ${REPLICAS}`);
  for (const c of claims)
    if (c.status?.phase !== 'Bound') out.push(`claim ${c.metadata.name} is ${c.status?.phase}`);
  const leases = (await json('-n', ns, 'get', 'leases', '-l', 'app.kubernetes.io/managed-by=sts-chaos'))
    .items;
  if (leases.length) out.push(`${leases.length} sts-chaos Lease(s) left`);
  const ledger = (await json('-n', ns, 'get', 'configmaps', '-l', 'sts-chaos.io/ledger=true')).items;
  if (ledger.length) out.push(`${ledger.length} ledger ConfigMap(s) left`);
  for (const n of (await json('get', 'nodes', '-l', '!type')).items as Json[]) {
    if (n.spec?.unschedulable) out.push(`node ${n.metadata.name} is cordoned`);
    if (!ready(n)) out.push(`node ${n.metadata.name} is not Ready`);
  }
  return out;
}

interface SoakRun {
  readonly run: number;
  readonly exitCode: number;
  readonly failed: readonly string[];
  readonly skipped: number;
  readonly passed: number;
  readonly wallMs: number;
  readonly rssBytes: number;
  readonly leftovers: readonly string[];
}

async function main(): Promise<number> {
  const o = new Command('soak')
    .description('every suite N times in a row on a healthy lab target')
    .option('--runs <n>', 'how many runs', '10')
    .option('--out <dir>', 'where the runs go', join(ROOT, '.lab', 'soak'))
    .parse()
    .opts<{ runs: string; out: string }>();
  const n = Number(o.runs);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--runs ${o.runs}: a whole number ≥ 1`);
  await build();
  await deployDemo(NS, o.out);
  const runs: SoakRun[] = [];
  const t0 = Date.now();
  for (let i = 1; i <= n; i++) {
    const r = await runCli(ROOT, ['--target', `${NS}/web`, '--node-loss', 'lab'], join(o.out, `run-${i}`), {
      ...process.env,
      KUBECONFIG,
    });
    const results = r.report.steps.flatMap((s) => s.results.map((x) => ({ ...x, step: s.title })));
    const run: SoakRun = {
      run: i,
      exitCode: r.exitCode,
      failed: results.filter((x) => x.status === 'fail').map((x) => `${x.id} on ${x.step}: ${x.reason}`),
      skipped: results.filter((x) => x.status === 'skip').length,
      passed: results.filter((x) => x.status === 'pass').length,
      wallMs: r.wallMs,
      rssBytes: r.report.usage?.peakRssBytes ?? 0,
      leftovers: await leftovers(NS),
    };
    runs.push(run);
    log(
      `run ${i}/${n}: exit ${run.exitCode}, ${run.passed} passed, ${run.failed.length} failed, ${run.skipped} skipped, ${secs(run.wallMs)} s, peak RSS ${(run.rssBytes / 2 ** 20).toFixed(0)} MiB, leftovers: ${run.leftovers.join('; ') || 'none'}`,
    );
  }
  const firstRss = median(runs.slice(0, 3).map((r) => r.rssBytes));
  const lastRss = median(runs.slice(-3).map((r) => r.rssBytes));
  const problems = [
    ...runs.flatMap((r) => r.failed.map((f) => `run ${r.run}: ${f}`)),
    ...runs.filter((r) => r.exitCode !== 0).map((r) => `run ${r.run}: exit ${r.exitCode}`),
    ...runs.flatMap((r) => r.leftovers.map((l) => `run ${r.run}: left ${l}`)),
    ...(lastRss > firstRss * RSS_SLACK
      ? [`peak RSS grew from ${(firstRss / 2 ** 20).toFixed(0)} to ${(lastRss / 2 ** 20).toFixed(0)} MiB`]
      : []),
  ];
  process.stdout.write(
    [
      `# sts-chaos soak: ${n} runs of every suite on ${NS}/web (${secs(Date.now() - t0)} s)`,
      '',
      table(
        ['run', 'exit', 'passed', 'failed', 'skipped', 'time s', 'peak RSS MiB', 'leftovers'],
        runs.map((r) => [
          String(r.run),
          String(r.exitCode),
          String(r.passed),
          String(r.failed.length),
          String(r.skipped),
          secs(r.wallMs),
          (r.rssBytes / 2 ** 20).toFixed(0),
          r.leftovers.join('; ') || 'none',
        ]),
      ),
      '',
      problems.length
        ? `Problems:\n${problems.map((p) => `- ${p}`).join('\n')}`
        : 'Zero failed checks, zero leftovers, peak RSS flat.',
      '',
    ].join('\n'),
  );
  return problems.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    process.stderr.write(`soak: ${e.message}\n`);
    process.exit(2);
  },
);
