/**
 * npm run bench: how close sts-chaos comes to the cluster's own recovery time, on the lab.
 *
 * For each fault on a 3-replica target it runs `sts-chaos run` on that one step (as a user would) and
 * reads from its report: the cluster's recovery (fault injected → the watch event that made every ordinal
 * Ready again), the tool's time (injected → verdict), the API requests of the step by verb, and the
 * process's peak RSS. Two pollers list the pods every 2 s and 10 s during the same run, as peers do, and
 * say when they would have seen the recovery (their ticks start at a random phase of the period). Then one whole run of every suite, with its time broken
 * down. With --scale, the 500-replica figures on simulated (KWOK) nodes. Exits 1 when a bound is missed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { KubeHttp } from '../../src/kube/http.ts';
import { loadKubeConfig } from '../../src/kube/kubeconfig.ts';
import { isReady, type List, type Pod } from '../../src/kube/objects.ts';
import { Duration } from '../../src/util/duration.ts';
import { type Breakdown, breakdown } from './breakdown.ts';
import { runCli } from './cli-run.ts';
import { type BenchFault, FAULTS } from './faults.ts';
import { Judge, type PodView, poll } from './poller.ts';
import { benchScale } from './scale.ts';
import { byVerb, median, secs, sum, table } from './stats.ts';
import { build, deployDemo, KUBECONFIG, log, ROOT, spreadDemo } from './target.ts';

const NS = 'sts-bench';
const TARGET = `${NS}/web`;
/** The demo on volumes that must be attached (StorageClass lab-csi), for the faults that ask for it. */
const CSI_NS = 'sts-bench-csi';
const nsOf = (f: BenchFault) => (f.storageClass ? CSI_NS : NS);

/** The bounds issue 5 sets. */
export const BOUNDS = {
  /** Tool time / cluster recovery: the median of the runs' ratios, per fault. */
  ratio: 1.05,
  /** The 10 s poller's overhead over the tool's, at least. */
  closerThanPoll10: 5,
  /** Non-watch requests of one fault step on 3 replicas. */
  requestsPerFault: 30,
  /** Extra non-watch requests allowed when the same step lasts 4x longer. */
  requestGrowth: 2,
  /** Whole run / (sum of recoveries), at most. */
  wholeRun: 1.1,
} as const;

interface Sample {
  readonly recoveryMs: number;
  readonly toolMs: number;
  readonly poll2Ms: number;
  readonly poll10Ms: number;
  readonly requests: Record<string, number>;
  readonly nonWatch: number;
  readonly watches: number;
  readonly execs: number;
  readonly rssBytes: number;
  /** REC-1's attach phase of the slowest ordinal; NaN when its volume had no attach step. */
  readonly attachMs: number;
}

interface FaultFigures {
  readonly fault: string;
  readonly samples: readonly Sample[];
}

function podViews(list: List<Pod>): PodView[] {
  return list.items.map((p) => ({
    name: p.metadata.name,
    uid: p.metadata.uid,
    deleting: !!p.metadata.deletionTimestamp,
    ready: isReady(p),
    restarts: (p.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0),
  }));
}

/** One CLI run of one fault step, with the two pollers beside it. */
async function sampleFault(
  http: KubeHttp,
  f: BenchFault,
  dir: string,
  env: NodeJS.ProcessEnv = {},
  withPollers = true,
): Promise<Sample> {
  const ns = nsOf(f);
  const list = async () =>
    podViews(await http.request<List<Pod>>('list', `/api/v1/namespaces/${ns}/pods?labelSelector=app%3Dweb`));
  const stop = new AbortController();
  let pollers: Promise<[number | undefined, number | undefined]> | undefined;
  const names = ['web-0', 'web-1', 'web-2'];
  const r = await runCli(
    ROOT,
    // ID-3 waits for DNS to follow the new pod (up to its own budget), which is not the recovery the
    // bench times: it is left out here, and its delay is what ID-3 reports (slowestMs).
    ['--target', `${ns}/web`, '--grep', f.grep, '--skip', 'ID-3 DNS', ...(f.args ?? [])],
    dir,
    { ...process.env, KUBECONFIG, ...env, ...f.env },
    (entry) => {
      const msg = String(entry.msg ?? '');
      if (!withPollers || pollers || !msg.startsWith('fault: ') || typeof entry.pod !== 'string') return;
      const pod = entry.pod;
      pollers = list().then((pods) => {
        const v = pods.find((p) => p.name === pod);
        const before = { pod, uid: v?.uid ?? '', restarts: v?.restarts ?? 0 };
        // Each poller's ticks start at a random phase of its period: a peer's schedule is not tied to the
        // moment the fault lands (tied to it, a recovery of 39.6 s looks like 0.4 s of overhead to a 10 s
        // poller, and one of 30.1 s like 9.9 s).
        return Promise.all(
          [2, 10].map((s) =>
            poll(
              list,
              new Judge(before, f.expect, names),
              Duration.seconds(s),
              stop.signal,
              Duration.millis(Math.ceil(Math.random() * s * 1000)),
            ),
          ),
        ) as Promise<[number | undefined, number | undefined]>;
      });
    },
  );
  if (r.exitCode !== 0)
    throw new Error(`${f.name}: sts-chaos exited ${r.exitCode}: ${r.report.reason ?? ''}`);
  const step = r.report.steps.find((s) => s.timing);
  if (!step?.timing || step.timing.recoveredAt === undefined || !step.api)
    throw new Error(
      `${f.name}: the report has no timed step (${r.report.steps.map((s) => s.title).join(', ')})`,
    );
  const { injectedAt, recoveredAt, verdictAt } = step.timing;
  // A poller gets 30 s past the recovery to notice it (one that missed a short disruption never does).
  const deadline = setTimeout(() => stop.abort(), Math.max(0, recoveredAt + 30_000 - Date.now()));
  const [p2, p10] = pollers ? await pollers : [undefined, undefined];
  clearTimeout(deadline);
  stop.abort();
  return {
    recoveryMs: recoveredAt - injectedAt,
    toolMs: verdictAt - injectedAt,
    poll2Ms: p2 === undefined ? Number.NaN : p2 - injectedAt,
    poll10Ms: p10 === undefined ? Number.NaN : p10 - injectedAt,
    requests: step.api.requests,
    nonWatch: sum(Object.values(step.api.requests)),
    watches: step.api.watches,
    execs: step.api.execs,
    rssBytes: r.report.usage?.peakRssBytes ?? 0,
    attachMs: attachOf(step.results),
  };
}

/** The attach phase REC-1 measured for the step's fault; NaN when it says the volume had no attach step. */
function attachOf(
  results: readonly { id: string; reason: string; measurements?: Record<string, number> }[],
): number {
  const rec = results.find((x) => x.id === 'REC-1');
  if (!rec || /no attach step/.test(rec.reason)) return Number.NaN;
  const key = Object.keys(rec.measurements ?? {}).find((k) => k.endsWith('.volumeAttachMs'));
  return key ? (rec.measurements?.[key] ?? Number.NaN) : Number.NaN;
}

function mib(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(0);
}

function faultTable(figs: readonly FaultFigures[]): string {
  return table(
    [
      'fault',
      'runs',
      'cluster recovery s',
      'sts-chaos s',
      'ratio',
      'poll 2 s',
      'poll 10 s',
      'attach s',
      'requests (non-watch)',
      'by verb',
      'watches',
      'execs',
      'peak RSS MiB',
    ],
    figs.map(({ fault, samples }) => {
      const m = (k: keyof Sample) => median(samples.map((s) => s[k] as number));
      const last = samples.at(-1);
      return [
        fault,
        String(samples.length),
        secs(m('recoveryMs')),
        secs(m('toolMs')),
        median(samples.map((s) => s.toolMs / s.recoveryMs)).toFixed(3),
        secs(m('poll2Ms')),
        secs(m('poll10Ms')),
        secs(m('attachMs')),
        String(Math.max(...samples.map((s) => s.nonWatch))),
        last ? byVerb(last.requests) : '',
        String(m('watches')),
        String(m('execs')),
        mib(Math.max(...samples.map((s) => s.rssBytes))),
      ];
    }),
  );
}

/** Every bound a fault's figures miss, as lines. */
function faultMisses(figs: readonly FaultFigures[]): string[] {
  const out: string[] = [];
  for (const { fault, samples } of figs) {
    // A fault whose own work after the recovery is part of it (a fenced node's return) is not held to the
    // bounds on the time after the recovery; its request bound still applies.
    const exempt = FAULTS.find((f) => f.name === fault)?.afterRecovery !== undefined;
    const req0 = Math.max(...samples.map((s) => s.nonWatch));
    if (exempt) {
      if (req0 > BOUNDS.requestsPerFault)
        out.push(`${fault}: ${req0} non-watch requests > ${BOUNDS.requestsPerFault}`);
      continue;
    }
    const rec = median(samples.map((s) => s.recoveryMs));
    const tool = median(samples.map((s) => s.toolMs));
    const p10 = median(samples.map((s) => s.poll10Ms));
    // The ratio of each run, then their median (a slow run and a fast run do not pair up).
    const ratio = median(samples.map((s) => s.toolMs / s.recoveryMs));
    if (ratio > BOUNDS.ratio) out.push(`${fault}: tool/recovery ${ratio.toFixed(3)} > ${BOUNDS.ratio}`);
    // A poller that never saw the disruption (a short readiness freeze between two ticks) never judges it.
    if (Number.isFinite(p10) && !(p10 - rec >= BOUNDS.closerThanPoll10 * (tool - rec)))
      out.push(
        `${fault}: the 10 s poller's overhead (${secs(p10 - rec)} s) is not ${BOUNDS.closerThanPoll10}x the tool's (${secs(tool - rec)} s)`,
      );
    const req = Math.max(...samples.map((s) => s.nonWatch));
    if (req > BOUNDS.requestsPerFault)
      out.push(`${fault}: ${req} non-watch requests > ${BOUNDS.requestsPerFault}`);
  }
  return out;
}

async function benchFaults(
  http: KubeHttp,
  faults: readonly BenchFault[],
  repeat: number,
  out: string,
): Promise<FaultFigures[]> {
  const figs: FaultFigures[] = [];
  for (const f of faults) {
    const samples: Sample[] = [];
    for (let i = 1; i <= repeat; i++) {
      if (f.spread) await spreadDemo(nsOf(f));
      const s = await sampleFault(http, f, join(out, 'runs', `${f.name.replace(/\W+/g, '-')}-${i}`));
      log(
        `${f.name} #${i}: recovery ${secs(s.recoveryMs)} s, sts-chaos ${secs(s.toolMs)} s, poll 2 s ${secs(s.poll2Ms)} s, poll 10 s ${secs(s.poll10Ms)} s, ${s.nonWatch} requests`,
      );
      samples.push(s);
    }
    figs.push({ fault: f.name, samples });
  }
  return figs;
}

/** The same readiness freeze held 4 s and 16 s: the step's requests must not grow with its length. */
async function growth(http: KubeHttp, out: string): Promise<{ short: Sample; long: Sample; miss?: string }> {
  const f = FAULTS.find((x) => x.name === 'probe-breakage (readiness)') as BenchFault;
  const short = await sampleFault(
    http,
    f,
    join(out, 'runs', 'hold-4s'),
    { STS_CHAOS_PROBES_HOLD_FOR: '4s' },
    false,
  );
  const long = await sampleFault(http, f, join(out, 'runs', 'hold-16s'), {
    STS_CHAOS_PROBES_HOLD_FOR: '16s',
  });
  log(`readiness freeze held 4 s: ${short.nonWatch} requests; held 16 s: ${long.nonWatch} requests`);
  const miss =
    long.nonWatch - short.nonWatch > BOUNDS.requestGrowth
      ? `requests grow with the step's length: ${short.nonWatch} for a 4 s freeze, ${long.nonWatch} for 16 s`
      : undefined;
  return miss ? { short, long, miss } : { short, long };
}

async function wholeRun(out: string): Promise<Breakdown> {
  const r = await runCli(ROOT, ['--target', TARGET, '--node-loss', 'lab'], join(out, 'runs', 'whole'), {
    ...process.env,
    KUBECONFIG,
  });
  if (r.exitCode !== 0)
    throw new Error(`the whole run exited ${r.exitCode}: ${r.report.reason ?? r.tail.slice(-3).join('\n')}`);
  return breakdown(r.report);
}

function breakdownText(b: Breakdown): string {
  const rows = b.steps.map((s: Breakdown['steps'][number]) => [
    s.title,
    secs(s.beforeMs),
    secs(s.recoveryMs),
    secs(s.afterMs),
    secs(s.betweenMs),
  ]);
  return [
    table(
      ['step', 'before injection s', 'cluster recovery s', 'recovered → verdict s', 'to next step s'],
      rows,
    ),
    '',
    `whole run ${secs(b.totalMs)} s = start ${secs(b.startMs)} s + cluster recovery ${secs(b.recoveryMs)} s + sts-chaos between and around steps ${secs(b.overheadMs)} s + end ${secs(b.endMs)} s; ratio to the recoveries ${b.ratio.toFixed(3)} (bound ${BOUNDS.wholeRun}); peak RSS ${mib(b.peakRssBytes)} MiB; ${b.requests} non-watch requests, ${b.watches} watches, ${b.execs} execs`,
  ].join('\n');
}

async function main(): Promise<number> {
  const cmd = new Command('bench')
    .description('time sts-chaos against the cluster’s own recovery on the lab')
    .option('--short', 'CI: pod kill only, 3 runs, and the request-growth check', false)
    .option('--repeat <n>', 'runs per fault (median)', '5')
    .option('--faults <names>', 'comma-separated fault names (default: all)')
    .option('--no-whole-run', 'skip the whole run of every suite')
    .option('--scale', '500 replicas on simulated nodes (KWOK) only', false)
    .option('--out <dir>', 'where the runs and the figures go', join(ROOT, '.lab', 'bench'))
    .parse();
  const o = cmd.opts<{
    short: boolean;
    repeat: string;
    faults?: string;
    wholeRun: boolean;
    out: string;
    scale: boolean;
  }>();
  if (o.scale) {
    await mkdir(join(o.out, 'runs'), { recursive: true });
    await build();
    const { text, misses } = await benchScale(o.out);
    const all = `${text}\n\n${misses.length ? `## Bounds missed\n\n${misses.map((m) => `- ${m}`).join('\n')}` : '## Every bound met'}\n`;
    process.stdout.write(all);
    await writeFile(join(o.out, 'bench-scale.md'), all);
    return misses.length ? 1 : 0;
  }
  const repeat = o.short ? 3 : Number(o.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat ${o.repeat}: a whole number ≥ 1`);
  const wanted = o.short ? ['pod-kill (graceful)'] : o.faults?.split(',').map((s) => s.trim());
  const faults = wanted ? FAULTS.filter((f) => wanted.includes(f.name)) : FAULTS;
  if (wanted && faults.length !== wanted.length)
    throw new Error(`--faults: known faults are ${FAULTS.map((f) => f.name).join(', ')}`);
  await mkdir(join(o.out, 'runs'), { recursive: true });
  const http = new KubeHttp(loadKubeConfig({ kubeconfig: KUBECONFIG }));

  log('compiling sts-chaos as it ships (tsc -p tsconfig.build.json)');
  await build();
  log(`target ${TARGET} (the demo StatefulSet, 3 replicas)`);
  await deployDemo(NS, o.out);
  if (faults.some((f) => f.storageClass)) {
    log(`target ${CSI_NS}/web (the demo on lab-csi: its volumes must be attached)`);
    await deployDemo(CSI_NS, o.out, 'lab-csi');
  }
  const t0 = Date.now();
  const figs = await benchFaults(http, faults, repeat, o.out);
  const g = await growth(http, o.out);
  const whole = o.short || !o.wholeRun ? undefined : await wholeRun(o.out);
  const misses = [...faultMisses(figs), ...(g.miss ? [g.miss] : [])];
  if (whole && whole.ratio > BOUNDS.wholeRun)
    misses.push(`whole run: ${whole.ratio.toFixed(3)} of the recoveries > ${BOUNDS.wholeRun}`);

  const text = [
    `# sts-chaos bench (${new Date().toISOString().slice(0, 16)}Z, ${o.short ? 'short' : `median of ${repeat}`}, ${secs(Date.now() - t0)} s)`,
    '',
    '## One fault step on a 3-replica target',
    '',
    faultTable(figs),
    '',
    `Request growth: a readiness freeze held 4 s made ${g.short.nonWatch} non-watch requests, held 16 s ${g.long.nonWatch}.`,
    '"—": the poller never saw that recovery (it missed the disruption between two ticks). Each poller starts at a random phase of its period in each run: a peer\'s ticks are not tied to the moment the fault lands. "attach s": REC-1\'s attach phase of the slowest ordinal ("—": its volume has no attach step).',
    ...figs
      .map((f) => ({ f, why: FAULTS.find((x) => x.name === f.fault)?.afterRecovery }))
      .filter(({ why }) => why)
      .map(({ f, why }) => `${f.fault}: not held to the bounds on the time after the recovery: ${why}.`),
    ...(whole ? ['', '## A whole run of every suite', '', breakdownText(whole)] : []),
    '',
    misses.length ? `## Bounds missed\n\n${misses.map((m) => `- ${m}`).join('\n')}` : '## Every bound met',
    '',
  ].join('\n');
  process.stdout.write(text);
  await writeFile(join(o.out, 'bench.md'), text);
  await writeFile(
    join(o.out, 'bench.json'),
    `${JSON.stringify({ bounds: BOUNDS, figs, growth: g, whole, misses }, null, 2)}\n`,
  );
  log(`figures written to ${join(o.out, 'bench.md')}`);
  return misses.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    process.stderr.write(`bench: ${e.message}\n`);
    process.exit(2);
  },
);
