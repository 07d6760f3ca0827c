/**
 * The scale part of the bench (npm run bench -- --scale): 500-replica StatefulSets (Parallel and
 * OrderedReady) on the lab's simulated KWOK nodes, where the real API server, controllers and scheduler
 * do all the work and only the kubelet is simulated.
 *
 * For each policy: the time to 500/500 Ready; one `sts-chaos run` step at that scale (pod kill, the
 * compiled CLI as it ships: its recovery, tool time, requests and peak RSS); then, with the engine's own
 * recorder, a pod kill of 10% of the ordinals at once and a cordon of a node (the node-cordon fault),
 * each timed from its watch events, and every check over the whole recorded timeline. Last, the checks
 * over a 100,000-entry timeline.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import pino from 'pino';
import { checkOptions, evaluateAll } from '../../src/checks/index.ts';
import { bigTimeline } from '../../src/checks/testing/big-timeline.ts';
import { loadRunConfig } from '../../src/config/load.ts';
import { Ledger } from '../../src/engine/ledger.ts';
import { Reverts } from '../../src/engine/reverts.ts';
import { loadTarget, podName } from '../../src/engine/target.ts';
import { isReady, podsByName } from '../../src/engine/waits.ts';
import { nodeCordon } from '../../src/faults/node-cordon.ts';
import { WebSocketExec } from '../../src/kube/exec.ts';
import { KubeHttp } from '../../src/kube/http.ts';
import { loadKubeConfig } from '../../src/kube/kubeconfig.ts';
import type { Pod } from '../../src/kube/objects.ts';
import { Recorder } from '../../src/timeline/recorder.ts';
import { Duration } from '../../src/util/duration.ts';
import { runCli } from './cli-run.ts';
import { byVerb, secs, sum, table } from './stats.ts';
import { KUBECONFIG, kubectl, log, ROOT, run } from './target.ts';

export const SCALE_BOUNDS = {
  /** Peak RSS of the CLI on a 500-replica target. */
  rssMiB: 150,
  /** Every check over 100,000 entries. */
  checksMs: 1000,
} as const;

const REPLICAS = 500;
const BUDGET = Duration.minutes(10);

export interface ScaleFigures {
  readonly policy: string;
  readonly readyMs: number;
  readonly cli: {
    recoveryMs: number;
    toolMs: number;
    requests: Record<string, number>;
    watches: number;
    rssBytes: number;
    wallMs: number;
  };
  readonly kill10: { pods: number; recoveryMs: number; requests: Record<string, number> };
  readonly cordon: { node: string; recoveryMs: number; requests: Record<string, number> };
  readonly checks: { entries: number; ms: number; results: string };
}

function delta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([k, v]) => [k, v - (before[k] ?? 0)] as const)
      .filter(([, v]) => v > 0),
  );
}

async function lab(...args: string[]): Promise<void> {
  await run('bash', [join(ROOT, 'lab', 'lab.sh'), ...args], { maxBuffer: 16 << 20 });
}

/** One policy: deploy, the CLI step, the engine's 10% kill and cordon, the checks; then remove it. */
async function onePolicy(policy: 'parallel' | 'ordered', out: string): Promise<ScaleFigures> {
  const ns = `scale-${policy}`;
  const t0 = Date.now();
  await kubectl('apply', '-f', join(ROOT, 'lab/manifests/scale', `${policy}.yaml`));
  await kubectl('-n', ns, 'rollout', 'status', 'statefulset/web', '--timeout=900s');
  const readyMs = Date.now() - t0;
  log(`${ns}: ${REPLICAS}/${REPLICAS} Ready ${secs(readyMs)} s after apply`);

  // The CLI as it ships, one pod-kill step.
  const r = await runCli(
    ROOT,
    ['--target', `${ns}/web`, '--suites', 'identity', '--grep', 'pod-kill graceful', '--budget', '10m'],
    join(out, 'runs', `scale-${policy}`),
    { ...process.env, KUBECONFIG },
  );
  const step = r.report.steps.find((s) => s.timing);
  if (r.exitCode !== 0 || !step?.timing?.recoveredAt || !step.api)
    throw new Error(
      `${ns}: sts-chaos exited ${r.exitCode}: ${r.report.reason ?? r.tail.slice(-3).join(' | ')}`,
    );
  const cli = {
    recoveryMs: step.timing.recoveredAt - step.timing.injectedAt,
    toolMs: step.timing.verdictAt - step.timing.injectedAt,
    requests: { ...step.api.requests },
    watches: step.api.watches,
    rssBytes: r.report.usage?.peakRssBytes ?? 0,
    wallMs: r.wallMs,
  };
  log(
    `${ns}: sts-chaos pod kill: recovery ${secs(cli.recoveryMs)} s, verdict ${secs(cli.toolMs)} s, ${sum(Object.values(cli.requests))} requests, peak RSS ${(cli.rssBytes / 2 ** 20).toFixed(0)} MiB`,
  );

  // The engine in this process: its recorder times the faults from watch events.
  const kc = loadKubeConfig({ kubeconfig: KUBECONFIG });
  const http = new KubeHttp(kc);
  const quiet = pino({ level: 'warn' });
  const target = await loadTarget(http, ns, 'web');
  const recorder = new Recorder({ http, target, podSelector: target.selector, log: quiet });
  await recorder.start();
  const allReady = (extra: (pods: Map<string, Pod>) => boolean) => () => {
    const pods = podsByName(recorder);
    return (
      extra(pods) &&
      Array.from({ length: REPLICAS }, (_, i) => pods.get(podName(target, i))).every(
        (p) => p && isReady(p) && !p.metadata.deletionTimestamp,
      )
    );
  };
  const waitAll = async (what: string, extra: (pods: Map<string, Pod>) => boolean) =>
    recorder.waitFor(what, BUDGET, allReady(extra), () => `${podsByName(recorder).size} pods`);

  // 10% of the ordinals killed at once.
  const victims = Array.from({ length: REPLICAS / 10 }, (_, k) => k * 10);
  const before = new Map(victims.map((i) => [i, podsByName(recorder).get(podName(target, i))?.metadata.uid]));
  const c0 = { ...http.counts };
  const k0 = Date.now();
  recorder.store.mark({ mark: 'fault-start', fault: 'pod-kill', details: { ordinals: victims.length } });
  await Promise.all(
    victims.map((i) => http.request('delete', `/api/v1/namespaces/${ns}/pods/${podName(target, i)}`)),
  );
  await waitAll(`${victims.length} pods back`, (pods) =>
    victims.every((i) => pods.get(podName(target, i))?.metadata.uid !== before.get(i)),
  );
  const kill10 = {
    pods: victims.length,
    recoveryMs: recorder.store.lastAt - k0,
    requests: delta(c0, http.counts),
  };
  recorder.store.mark({ mark: 'fault-end', fault: 'pod-kill' });
  log(`${ns}: ${victims.length} pods killed at once: all Ready again in ${secs(kill10.recoveryMs)} s`);

  // A cordon of the node of the highest ordinal (the engine's node-cordon fault, revert in its ledger).
  const cfg = loadRunConfig({ flags: { '--target': `${ns}/web` }, env: {} });
  const ledger = new Ledger(http, ns, 'web', quiet);
  const exec = new WebSocketExec(kc);
  const reverts = new Reverts({ http, exec, log: quiet }, ledger, `bench-${randomUUID().slice(0, 6)}`);
  const last = podsByName(recorder).get(podName(target, REPLICAS - 1)) as Pod;
  const victim = {
    ordinal: REPLICAS - 1,
    pod: last.metadata.name,
    uid: last.metadata.uid,
    node: last.spec?.nodeName ?? '',
    restartCount: 0,
  };
  const env = {
    http,
    exec,
    recorder,
    reverts,
    log: quiet,
    config: cfg,
    target,
    signal: new AbortController().signal,
  };
  const c1 = { ...http.counts };
  const n0 = Date.now();
  try {
    const fr = await nodeCordon().inject(env, victim);
    await waitAll(`${victim.pod} back off ${victim.node}`, (pods) => {
      const p = pods.get(victim.pod);
      return !!p && p.metadata.uid !== victim.uid;
    });
    await fr.afterRecovery?.();
  } finally {
    await reverts.revertAll();
    await ledger.dropIfEmpty().catch(() => undefined);
  }
  const cordon = {
    node: victim.node,
    recoveryMs: recorder.store.lastAt - n0,
    requests: delta(c1, http.counts),
  };
  log(`${ns}: cordon of ${victim.node}: ${victim.pod} Ready elsewhere in ${secs(cordon.recoveryMs)} s`);

  await recorder.stop();
  const timeline = recorder.store.timeline();
  const e0 = performance.now();
  const results = evaluateAll(timeline, { options: checkOptions({ budget: BUDGET }) });
  const checks = {
    entries: timeline.entries.length,
    ms: performance.now() - e0,
    results: ['pass', 'fail', 'skip']
      .map((s) => `${results.filter((x) => x.status === s).length} ${s}`)
      .join(', '),
  };
  log(`${ns}: every check over the whole timeline (${checks.entries} entries) in ${checks.ms.toFixed(0)} ms`);
  await kubectl('delete', 'namespace', ns, '--wait=false');
  return { policy, readyMs, cli, kill10, cordon, checks };
}

/** The scale figures as Markdown, and the bounds they miss. */
export async function benchScale(out: string): Promise<{ text: string; misses: string[] }> {
  log('scale: 5 simulated nodes (npm run lab -- kwok-up 5)');
  await lab('kwok-up', '5');
  const figs: ScaleFigures[] = [];
  try {
    for (const p of ['parallel', 'ordered'] as const) figs.push(await onePolicy(p, out));
  } finally {
    await lab('kwok-down');
  }
  const big = bigTimeline();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    evaluateAll(big);
    best = Math.min(best, performance.now() - t0);
  }
  const misses: string[] = [];
  for (const f of figs)
    if (f.cli.rssBytes / 2 ** 20 > SCALE_BOUNDS.rssMiB)
      misses.push(
        `scale ${f.policy}: peak RSS ${(f.cli.rssBytes / 2 ** 20).toFixed(0)} MiB > ${SCALE_BOUNDS.rssMiB} MiB`,
      );
  if (best > SCALE_BOUNDS.checksMs)
    misses.push(
      `checks over ${big.entries.length} entries took ${best.toFixed(0)} ms > ${SCALE_BOUNDS.checksMs} ms`,
    );
  const text = [
    `## ${REPLICAS} replicas on simulated nodes`,
    '',
    table(
      [
        'policy',
        'apply → all Ready s',
        'sts-chaos pod kill: recovery s',
        'verdict s',
        'requests',
        'peak RSS MiB',
        '10% killed at once: recovery s',
        'requests',
        'cordon: recovery s',
        'checks over the run',
      ],
      figs.map((f) => [
        f.policy,
        secs(f.readyMs),
        secs(f.cli.recoveryMs),
        secs(f.cli.toolMs),
        byVerb(f.cli.requests),
        (f.cli.rssBytes / 2 ** 20).toFixed(0),
        secs(f.kill10.recoveryMs),
        byVerb(f.kill10.requests),
        secs(f.cordon.recoveryMs),
        `${f.checks.entries} entries, ${f.checks.ms.toFixed(0)} ms (${f.checks.results})`,
      ]),
    ),
    '',
    `Every check over a ${big.entries.length}-entry, 500-ordinal timeline: ${best.toFixed(0)} ms (best of 3).`,
  ].join('\n');
  return { text, misses };
}
