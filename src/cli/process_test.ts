import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs `node src/cli/main.ts …` as a process (Node 24 strips the types), without STS_CHAOS_* set. */
function sts(...args: string[]) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('STS_CHAOS_') && k !== 'KUBERNETES_SERVICE_HOST',
    ),
  );
  const r = spawnSync(process.execPath, ['src/cli/main.ts', ...args], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
  const stderrLines = r.stderr.split('\n').filter((l) => l !== '');
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, stderrLines };
}

describe('sts-chaos (process)', () => {
  it('exits 2 with one line and no stack on a bad duration, before loading the engine', () => {
    const r = sts('run', '--budget', 'banana', '--target', 'a/b');
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderrLines).to.deep.equal([
      'sts-chaos: --budget: "banana" is not a duration (use e.g. 250ms, 90s, 3m, 1m30s)',
    ]);
    expect(r.stderr).to.not.match(/^ {4}at /m);
    expect(r.stdout).to.equal('');
  });

  it('exits 2 with one line on an unknown command', () => {
    const r = sts('bogus');
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderrLines).to.deep.equal(["sts-chaos: unknown command 'bogus'"]);
  });

  it('refuses --step (exit 2, one line) when stdin is not a terminal and this is not a cluster Job, before touching a cluster', () => {
    const r = sts('run', '--step', '--target', 'demo/web', '--kubeconfig', '/nonexistent/kubeconfig');
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderrLines).to.deep.equal([
      'sts-chaos: --step waits for an operator before each fault step, but stdin is not a terminal and this is not a cluster Job: run it on a terminal, or as a Job of the chart with guided: true (answered by the annotation sts-chaos.io/continue on the Job)',
    ]);
  });

  it('prints help and exits 0', () => {
    const r = sts('run', '--help');
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.include('STS_CHAOS_BUDGET');
    expect(r.stderr).to.equal('');
  });
});
