/**
 * Helpers of the safety lab tests (sigkill, rbac, bad input): sts-chaos started as a child process
 * against the lab, a kubeconfig that acts as a service account, the chart rendered with the lab's helm.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { stringify } from 'yaml';
import { KUBECONFIG, kubeConfig, kubectl, kubectlJson, ROOT, sh } from './helpers.ts';

export const CLI = join(ROOT, 'src', 'cli', 'main.ts');
export const LAB = join(ROOT, 'lab', 'lab.sh');
export const HELM = join(ROOT, '.lab', 'bin', 'helm');
export const CHART = join(ROOT, 'chart');

export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly dir: string;
  /** How long it took, in milliseconds. */
  readonly ms: number;
}

export interface Started {
  readonly child: ReturnType<typeof spawn>;
  readonly done: Promise<Ran>;
  /** Calls `f` with every line the process prints (stdout and stderr). */
  onLine(f: (line: string) => void): void;
}

/** Starts `sts-chaos ARGS` against the lab (its admin kubeconfig unless `kubeconfig` is given). */
export function start(
  args: string[],
  opts: { env?: Record<string, string>; kubeconfig?: string } = {},
): Started {
  const dir = mkdtempSync(join(tmpdir(), 'sts-chaos-test-'));
  const extra = args[0] === 'run' ? ['--report-dir', dir] : [];
  const t0 = Date.now();
  const child = spawn(
    process.execPath,
    [CLI, ...args, '--kubeconfig', opts.kubeconfig ?? KUBECONFIG, '--log-format', 'json', ...extra],
    {
      env: { ...process.env, STS_CHAOS_NODE_LOSS_LAB_SCRIPT: LAB, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  const listeners: ((l: string) => void)[] = [];
  const splitter = () => {
    let partial = '';
    return (d: Buffer) => {
      const parts = (partial + d.toString()).split('\n');
      partial = parts.pop() ?? '';
      for (const l of parts) for (const f of listeners) f(l);
    };
  };
  const outLines = splitter();
  const errLines = splitter();
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d;
    outLines(d);
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d;
    errLines(d);
  });
  const done = new Promise<Ran>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr, dir, ms: Date.now() - t0 })),
  );
  return { child, done, onLine: (f) => listeners.push(f) };
}

export const stsChaos = (args: string[], opts: { env?: Record<string, string>; kubeconfig?: string } = {}) =>
  start(args, opts).done;

/** The exit code, stderr and the last log messages: for assertion messages. */
export function why(r: Ran): string {
  const tail = (r.stdout + r.stderr)
    .trim()
    .split('\n')
    .slice(-8)
    .map((l) => {
      try {
        return (JSON.parse(l) as { msg: string }).msg;
      } catch {
        return l;
      }
    });
  return `exit ${r.code}; last lines: ${tail.join(' | ')}`;
}

/** The `msg` of every JSON log line. */
export function messages(r: Ran): string[] {
  return r.stderr
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      try {
        return (JSON.parse(l) as { msg: string }).msg;
      } catch {
        return l;
      }
    });
}

export function helm(...args: string[]): Promise<string> {
  return sh(HELM, ['--kubeconfig', KUBECONFIG, ...args]);
}

/**
 * `helm install RELEASE <the chart> -n NS --set k=v …`, one `--set` per value (in order). `noHooks`: without
 * the cleanup hook's Job (for tests that are not about it: a hook Job costs seconds at install and
 * uninstall); uninstall such a release with `uninstallChart(…, { noHooks: true })`.
 */
export function installChart(
  release: string,
  ns: string,
  values: Readonly<Record<string, string>>,
  o: { readonly noHooks?: boolean } = {},
): Promise<string> {
  const sets = Object.entries(values).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
  return helm('install', release, CHART, '-n', ns, ...(o.noHooks ? ['--no-hooks'] : []), ...sets);
}

/** `helm uninstall RELEASE -n NS --wait` (`noHooks`: as it was installed); a release already gone is fine. */
export async function uninstallChart(
  release: string,
  ns: string,
  o: { readonly noHooks?: boolean } = {},
): Promise<void> {
  await helm('uninstall', release, '-n', ns, '--wait', ...(o.noHooks ? ['--no-hooks'] : [])).catch(
    (e: Error) => {
      if (!/not found/.test(e.message)) throw e;
    },
  );
}

/**
 * A kubeconfig that acts as service account `ns/sa` with a short-lived token (kubectl create token),
 * against the lab's API server.
 */
export async function kubeconfigAs(ns: string, sa: string): Promise<string> {
  const token = (await kubectl('-n', ns, 'create', 'token', sa, '--duration=1h')).trim();
  const cluster = kubeConfig().getCurrentCluster();
  if (!cluster) throw new Error('the lab kubeconfig has no cluster');
  const file = join(mkdtempSync(join(tmpdir(), 'sts-chaos-sa-')), 'kubeconfig');
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'lab',
          cluster: {
            server: cluster.server,
            ...(cluster.caData ? { 'certificate-authority-data': cluster.caData } : {}),
            ...(cluster.caFile ? { 'certificate-authority': cluster.caFile } : {}),
          },
        },
      ],
      users: [{ name: sa, user: { token } }],
      contexts: [{ name: sa, context: { cluster: 'lab', user: sa, namespace: ns } }],
      'current-context': sa,
    }),
    { mode: 0o600 },
  );
  return file;
}

/** Renders some templates of the chart (helm template --show-only) into a file, for kubectl apply. */
export async function renderChart(
  release: string,
  ns: string,
  args: string[],
  templates: string[],
): Promise<string> {
  const out = await helm(
    'template',
    release,
    CHART,
    '--namespace',
    ns,
    ...args,
    ...templates.flatMap((t) => ['--show-only', `templates/${t}`]),
  );
  const file = join(mkdtempSync(join(tmpdir(), 'sts-chaos-render-')), 'objects.yaml');
  writeFileSync(file, out);
  return file;
}

/** Nothing of a run is left in the namespace: no ledger ConfigMap, no run Lease. */
export async function noRunLeft(ns: string): Promise<void> {
  const cms = await kubectlJson<{ items: unknown[] }>(
    '-n',
    ns,
    'get',
    'configmaps',
    '-l',
    'sts-chaos.io/ledger=true',
  );
  expect(cms.items, 'ledger entries left').to.have.length(0);
  const leases = await kubectlJson<{ items: unknown[] }>(
    '-n',
    ns,
    'get',
    'leases',
    '-l',
    'app.kubernetes.io/managed-by=sts-chaos',
  );
  expect(leases.items, 'leases left').to.have.length(0);
}
