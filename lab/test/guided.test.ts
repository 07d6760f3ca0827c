/**
 * The guided game day and the loop over the suites, on the lab's demo (sts-demo/web):
 * (a) `--step` on a terminal: sts-chaos runs under util-linux's `script`, which gives it a
 *     pseudo-terminal (stdin a TTY), and the test types the answers: the first step continued, the second
 *     skipped, the third aborted: one step done, one skipped by the operator, the run aborted with every
 *     fault reverted, exit 4;
 * (b) the chart with `guided: true`: the Job waits for the annotation sts-chaos.io/continue on itself;
 *     step 1 continued and step 2 aborted by `kubectl annotate`: the Job Failed with exit 4, the report in
 *     the results ConfigMap, nothing left;
 * (`--repeat`, its iterations, progress and running summary: baseline.test.ts, whose baseline is a run
 * repeated three times.)
 * Needs `lab up`, util-linux's `script` (Debian: bsdutils) and, for (b), `npm run image`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { expect } from 'chai';
import type { RunReport } from '../../src/report/types.ts';
import { shellQuote } from '../../src/util/shell.ts';
import { jobEnd } from './agent-fixtures.ts';
import { CLI, installChart, noRunLeft, uninstallChart } from './cli-helpers.ts';
import { KUBECONFIG, kubectl, kubectlJson, sh, sleep } from './helpers.ts';

const PROMPT = 'continue? [Enter or c]';
const SKIPPED = 'skipped by the operator';

/** The node the demo's pod runs on now. */
async function nodeOf(pod: string): Promise<string> {
  return (await kubectlJson<k8s.V1Pod>('-n', 'sts-demo', 'get', 'pod', pod)).spec?.nodeName ?? '';
}

/**
 * `sts-chaos ARGS` on a pseudo-terminal (`script -qfec CMD /dev/null`: -e passes the exit code on), the
 * answers typed one per prompt as the prompts appear. Returns the exit code, what the terminal showed
 * (carriage returns removed) and the report directory.
 */
async function onTerminal(
  args: string[],
  answers: string[],
  ms: number,
): Promise<{ code: number | null; out: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'sts-chaos-guided-'));
  const argv = [
    process.execPath,
    CLI,
    ...args,
    '--kubeconfig',
    KUBECONFIG,
    '--log-format',
    'json',
    '--report-dir',
    dir,
  ];
  const child = spawn('script', ['-qfec', argv.map(shellQuote).join(' '), '/dev/null'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let answered = 0;
  const onData = (d: Buffer) => {
    out += d.toString().replaceAll('\r', '');
    const prompts = out.split(PROMPT).length - 1;
    if (prompts > answered && answered < answers.length) child.stdin.write(answers[answered++] ?? '');
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const timer = setTimeout(() => child.kill('SIGTERM'), ms);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  child.stdin.end();
  return { code, out, dir };
}

/** Waits for a line of the Job's log that matches `re` (its log read every 2 s, to a deadline). */
async function logLine(ns: string, job: string, re: RegExp, ms: number): Promise<string> {
  let last = '';
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(2000)) {
    last = await kubectl('-n', ns, 'logs', `job/${job}`).catch((e: Error) => e.message);
    const msgs = last.split('\n').map((l) => {
      try {
        return (JSON.parse(l) as { msg: string }).msg;
      } catch {
        return l;
      }
    });
    const hit = msgs.find((m) => re.test(m));
    if (hit) return hit;
  }
  throw new Error(
    `job ${ns}/${job}: no log line matching ${re} within ${ms / 1000} s; last: ${last.slice(-400)}`,
  );
}

describe('the guided game day (--step)', function () {
  this.timeout(600_000);

  before(async () => {
    // util-linux's script gives the child a pseudo-terminal (there is no node-pty here).
    await sh('bash', ['-c', 'command -v script']).catch(() => {
      throw new Error(
        "util-linux's script is needed for the terminal test (Debian: apt-get install bsdutils)",
      );
    });
    await kubectl('-n', 'sts-demo', 'rollout', 'status', 'statefulset/web', '--timeout=180s');
  });

  it('(a) on a terminal: continue, skip, abort; one step done, one skipped by the operator, aborted (exit 4), every fault reverted', async () => {
    const node = await nodeOf('web-2');
    const r = await onTerminal(
      [
        'run',
        '--target',
        'sts-demo/web',
        '--suites',
        'identity,volumes',
        '--faults',
        'pod-kill',
        '--skip',
        'ID-3 DNS',
        '--step',
      ],
      ['\n', 's\n', 'a\n'],
      300_000,
    );
    const tail = r.out.split('\n').slice(-12).join('\n');
    expect(r.code, tail).to.equal(4);
    // The plan of the first step names the real pod and node, the checks and the revert.
    expect(r.out).to.include(
      'step 1 of 3: identity/pod-kill-graceful on sts-demo/web: pod-kill (graceful) web-2',
    );
    expect(r.out).to.include(`does:    delete pod sts-demo/web-2 (on node ${node}) gracefully`);
    expect(r.out).to.match(/checks: {2}ID-1 names and count; .*REC-1 recovery time/);
    expect(r.out).to.include('reverts: nothing to revert');
    expect(r.out.split(PROMPT)).to.have.length(4);
    const rep = JSON.parse(readFileSync(join(r.dir, 'report.json'), 'utf8')) as RunReport;
    expect(rep.outcome).to.equal('interrupted');
    expect(rep.exitCode).to.equal(4);
    expect(rep.reason).to.equal(
      'aborted by the operator at step 3 (volumes/pod-kill on web-2); every fault was reverted',
    );
    expect(rep.steps.map((s) => s.step)).to.deep.equal([
      'identity/pod-kill-graceful',
      'identity/pod-kill-forced',
    ]);
    const [done, skipped] = rep.steps;
    expect(done?.timing, 'the first step ran').to.not.equal(undefined);
    expect(done?.results.filter((x) => x.status === 'fail')).to.deep.equal([]);
    expect(done?.results.some((x) => x.reason === SKIPPED)).to.equal(false);
    expect(skipped?.timing, 'the second step did not run').to.equal(undefined);
    expect(skipped?.results.map((x) => `${x.status}: ${x.reason}`)).to.deep.equal(
      skipped?.results.map(() => `skip: ${SKIPPED}`),
    );
    expect(skipped).to.deep.include({ title: 'pod-kill (forced) web-2', node: await nodeOf('web-2') });
    expect(rep.leftovers).to.deep.equal([]);
    await noRunLeft('sts-demo');
  });

  it('(b) in a Job (the chart, guided: true): step 1 continued and step 2 aborted by kubectl annotate; exit 4, nothing left', async () => {
    const ns = 'sts-demo';
    const job = 'gameday-sts-chaos-1';
    try {
      await installChart(
        'gameday',
        ns,
        {
          'target.name': 'web',
          guided: 'true',
          suites: '{identity}',
          'faults.processKill': 'false',
          'faults.claimDeletion': 'false',
          'faults.probeBreakage': 'false',
          'faults.scale': 'false',
        },
        { noHooks: true },
      );
      const waiting = (n: number) =>
        new RegExp(
          `^waiting for the operator: kubectl -n ${ns} annotate job/${job} sts-chaos\\.io/continue=${n} --overwrite`,
        );
      await logLine(
        ns,
        job,
        /^guided: step 1 of 2: identity\/pod-kill-graceful on sts-demo\/web: pod-kill \(graceful\) web-2$/,
        180_000,
      );
      await logLine(ns, job, waiting(1), 30_000);
      await kubectl('-n', ns, 'annotate', `job/${job}`, 'sts-chaos.io/continue=1', '--overwrite');
      await logLine(ns, job, waiting(2), 300_000);
      await kubectl('-n', ns, 'annotate', `job/${job}`, 'sts-chaos.io/continue=abort', '--overwrite');
      expect(await jobEnd(ns, job, 180_000)).to.equal('Failed');
      const pods = await kubectlJson<{ items: k8s.V1Pod[] }>(
        '-n',
        ns,
        'get',
        'pods',
        '-l',
        `batch.kubernetes.io/job-name=${job}`,
      );
      expect(pods.items[0]?.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).to.equal(4);
      const cm = await kubectlJson<k8s.V1ConfigMap>(
        '-n',
        ns,
        'get',
        'configmap',
        'gameday-sts-chaos-results',
      );
      expect(cm.data?.verdict).to.equal('interrupted (exit 4)');
      const rep = JSON.parse(cm.data?.['report.json'] ?? '{}') as RunReport;
      expect(rep.reason).to.match(
        /^aborted by the operator at step 2 \(identity\/pod-kill-forced on web-2\)/,
      );
      expect(rep.steps.map((s) => s.step)).to.deep.equal(['identity/pod-kill-graceful']);
      expect(rep.steps[0]?.timing, 'step 1 ran').to.not.equal(undefined);
    } finally {
      await uninstallChart('gameday', ns, { noHooks: true }).catch(() => undefined);
      await kubectl('-n', ns, 'delete', 'configmap', 'gameday-sts-chaos-results', '--ignore-not-found');
    }
    await noRunLeft(ns);
  });
});
