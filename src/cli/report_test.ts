import { EventEmitter } from 'node:events';
import { expect } from 'chai';
import { CommanderError } from 'commander';
import { ChaosError, ExitCode, RefusedError, UsageError } from '../errors.ts';
import { main } from './main.ts';
import { INTERNAL_ERROR_EXIT, report } from './report.ts';
import { cli, failing, fakeEngine } from './testing/harness.ts';

function reported(e: unknown, env: NodeJS.ProcessEnv = {}): { code: number; stderr: string } {
  let stderr = '';
  const code = report(e, { env, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stderr };
}

describe('errors (report)', () => {
  it('ends with the code and the one-line message of a ChaosError from the engine', async () => {
    const engine = failing('run', new RefusedError('target demo/web is not healthy: web-1 is not Ready'));
    const r = await cli(['run', '--target', 'demo/web'], { engine });
    expect(r.code).to.equal(3);
    expect(r.stderrLines).to.deep.equal(['sts-chaos: target demo/web is not healthy: web-1 is not Ready']);
    const multi = failing(
      'plan',
      new ChaosError(ExitCode.RevertFailed, 'uncordon lab-n1 failed:\nforbidden'),
    );
    const m = await cli(['plan', '--target', 'demo/web'], { engine: multi });
    expect(m.code).to.equal(5);
    expect(m.stderrLines).to.deep.equal(['sts-chaos: uncordon lab-n1 failed: forbidden']);
  });

  it('turns an unexpected error into one line and exit 1; the stack only with STS_CHAOS_DEBUG=1', async () => {
    const engine = failing('run', new TypeError("Cannot read properties of undefined (reading 'x')"));
    const r = await cli(['run', '--target', 'demo/web'], { engine });
    expect(r.code).to.equal(1);
    expect(r.stderrLines).to.deep.equal([
      "sts-chaos: internal error: Cannot read properties of undefined (reading 'x')",
    ]);
    const bad = fakeEngine({ list: () => Number.NaN });
    const n = await cli(['list'], { engine: bad.engine });
    expect(n.code).to.equal(1);
    expect(n.stderrLines).to.deep.equal([
      'sts-chaos: internal error: the engine returned NaN, not an exit code',
    ]);

    let stderr = '';
    const code = await main(['run', '--target', 'demo/web'], {
      engine,
      env: { STS_CHAOS_DEBUG: '1' },
      stdout: { write: () => true },
      stderr: { write: (s: string) => (stderr += s) },
      signals: new EventEmitter(),
    });
    expect(code).to.equal(1);
    expect(stderr).to.match(/^ {4}at /m);
  });

  it('reports an engine that cannot be loaded in one line', async () => {
    let stderr = '';
    const code = await main(['list'], {
      engine: async () => {
        throw new Error("Cannot find module '/x/src/engine/index.ts'");
      },
      env: {},
      stdout: { write: () => true },
      stderr: { write: (s: string) => (stderr += s) },
    });
    expect(code).to.equal(1);
    expect(stderr).to.equal("sts-chaos: internal error: Cannot find module '/x/src/engine/index.ts'\n");
  });

  it('gives each kind of error its exit code and one line', () => {
    expect(reported(new UsageError('bad\nvalue'))).to.deep.equal({
      code: 2,
      stderr: 'sts-chaos: bad value\n',
    });
    expect(reported(new CommanderError(0, 'commander.version', '1.0.0'))).to.deep.equal({
      code: 0,
      stderr: '',
    });
    expect(reported(new CommanderError(1, 'commander.help', ''))).to.deep.equal({
      code: ExitCode.Usage,
      stderr: 'sts-chaos: no command given (run, plan, list, cleanup, compare); see sts-chaos --help\n',
    });
    expect(reported(new ChaosError(ExitCode.Refused, ''))).to.deep.equal({
      code: 3,
      stderr: 'sts-chaos: failed\n',
    });
    expect(reported('a string')).to.deep.equal({
      code: INTERNAL_ERROR_EXIT,
      stderr: 'sts-chaos: internal error: a string\n',
    });
  });
});
