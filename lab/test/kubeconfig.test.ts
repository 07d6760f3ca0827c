/**
 * KUBECONFIG with two files, as kubectl merges them: the lab's kubeconfig split into file A (the
 * cluster and the user) and file B (the context and current-context). `sts-chaos plan` given
 * KUBECONFIG=A:B reaches the cluster; given either file alone it cannot (a usage error naming what is
 * missing). Needs `lab up`; reads the demo target, touches nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse, stringify } from 'yaml';
import { CLI } from './cli-helpers.ts';
import { KUBECONFIG, kubectl, ROOT } from './helpers.ts';

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `sts-chaos plan --target sts-demo/web` with only KUBECONFIG saying where the cluster is. */
function plan(kubeconfig: string): Promise<Ran> {
  const env: NodeJS.ProcessEnv = { ...process.env, KUBECONFIG: kubeconfig };
  delete env.STS_CHAOS_KUBECONFIG;
  delete env.STS_CHAOS_CONTEXT;
  const child = spawn(process.execPath, [CLI, 'plan', '--target', 'sts-demo/web', '--log-format', 'json'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d;
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d;
  });
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

describe('KUBECONFIG with several files', function () {
  this.timeout(300_000);
  let dir: string;
  let a: string;
  let b: string;

  before(async () => {
    await kubectl('apply', '-f', join(ROOT, 'lab', 'manifests', 'demo.yaml'));
    await kubectl('-n', 'sts-demo', 'rollout', 'status', 'statefulset/web', '--timeout=120s');
    const lab = parse(readFileSync(KUBECONFIG, 'utf8')) as Record<string, unknown>;
    dir = mkdtempSync(join(tmpdir(), 'sts-chaos-kubeconfigs-'));
    a = join(dir, 'a.yaml');
    b = join(dir, 'b.yaml');
    writeFileSync(
      a,
      stringify({ apiVersion: 'v1', kind: 'Config', clusters: lab.clusters, users: lab.users }),
      {
        mode: 0o600,
      },
    );
    writeFileSync(
      b,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        contexts: lab.contexts,
        'current-context': lab['current-context'],
      }),
    );
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('A:B (cluster and user in one file, the context in the other) reaches the cluster', async () => {
    const r = await plan(`${a}:${b}`);
    const why = `exit ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`;
    expect(r.stdout, why).to.include('sts-chaos plan for sts-demo/web (nothing was touched)');
    // 0: it would run; 3: preflight would refuse. Either way the API server answered.
    expect([0, 3], why).to.include(r.code);
  });

  it('either file alone is not enough: exit 2, one line saying what is missing', async () => {
    const onlyA = await plan(a);
    expect(onlyA.code).to.equal(2);
    expect(onlyA.stderr).to.include(`kubeconfig ${a}: no current-context (give --context)`);
    const onlyB = await plan(b);
    expect(onlyB.code).to.equal(2);
    expect(onlyB.stderr).to.include(`kubeconfig ${b}: cluster "`);
    expect(onlyB.stderr).to.include('is not among its clusters');
  });
});
