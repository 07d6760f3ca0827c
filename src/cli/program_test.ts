import { expect } from 'chai';
import { CommanderError } from 'commander';
import { CONFIG_KEYS } from '../config/keys.ts';
import { parseCommandLine } from './program.ts';
import { cli, usage } from './testing/harness.ts';

describe('the command line (program)', () => {
  it('refuses an unknown flag: exit 2, one line', async () => {
    expect(await usage(['run', '--target', 'a/b', '--bogus'])).to.equal(
      "sts-chaos: unknown option '--bogus'",
    );
    expect(await usage(['run', '--budgte', '3m'])).to.match(
      /unknown option '--budgte' \(Did you mean --budget\?\)$/,
    );
  });

  it('refuses an unknown command, no command, a missing value, extra arguments', async () => {
    expect(await usage(['bogus'])).to.match(/unknown command 'bogus'/);
    expect(await usage([])).to.match(/no command given/);
    expect(await usage(['run', '--target'])).to.match(/--target <namespace\/name>' argument missing/);
    expect(await usage(['run', '--target', 'a/b', 'extra'])).to.match(/too many arguments/);
  });

  it('--help lists every flag of run and plan with its variable', async () => {
    for (const command of ['run', 'plan']) {
      const r = await cli([command, '--help']);
      expect(r.code).to.equal(0);
      expect(r.stderr).to.equal('');
      for (const key of CONFIG_KEYS) {
        if (!key.flag) continue;
        expect(r.stdout, key.flag).to.include(key.flag);
        expect(r.stdout.replace(/\s+/g, ' '), key.env).to.include(`[env: ${key.env}]`);
      }
      expect(r.stdout).to.include('--config <file>');
      expect(r.stdout.replace(/\s+/g, ' ')).to.include('[env: STS_CHAOS_CONFIG]');
    }
    const c = await cli(['cleanup', '--help']);
    expect(c.stdout).to.include('--namespace <namespace>');
    expect(c.stdout.replace(/\s+/g, ' ')).to.include('[env: STS_CHAOS_KUBECONFIG]');
    const top = await cli(['--help']);
    for (const command of ['run', 'plan', 'list', 'cleanup']) expect(top.stdout).to.include(command);
    const v = await cli(['--version']);
    expect(v.code).to.equal(0);
    expect(v.stdout).to.match(/^\d+\.\d+\.\d+\n$/);
  });

  it('gives the command and its flags by long name, repeatable ones as lists', () => {
    const out = { write: () => true };
    expect(
      parseCommandLine(
        ['run', '--target', 'a/b', '--data-path', '/a', '--data-path', '/b', '--dry-run'],
        out,
      ),
    ).to.deep.equal({
      command: 'run',
      flags: { '--target': ['a/b'], '--data-path': ['/a', '/b'], '--dry-run': true },
    });
    expect(parseCommandLine(['list'], out)).to.deep.equal({ command: 'list', flags: {} });
    // A --no-… switch is a flag only when given (commander's default true would hide the environment).
    expect(parseCommandLine(['run', '--target', 'a/b'], out)?.flags).to.deep.equal({ '--target': ['a/b'] });
    expect(parseCommandLine(['run', '--target', 'a/b', '--no-events'], out)?.flags).to.deep.equal({
      '--target': ['a/b'],
      '--no-events': false,
    });
    expect(
      parseCommandLine(['compare', 'a', '--baseline', 'b', 'c', '--new', 'd', '--new', 'e'], out),
    ).to.deep.equal({
      command: 'compare',
      flags: { '--baseline': ['b'], '--new': ['d', 'e'] },
      args: ['a', 'c'],
    });
    expect(parseCommandLine(['cleanup', '--namespace', 'demo'], out)).to.deep.equal({
      command: 'cleanup',
      flags: { '--namespace': 'demo' },
    });
  });

  it('writes the help for --help and ends with a CommanderError of exit code 0', () => {
    let text = '';
    expect(() => parseCommandLine(['plan', '--help'], { write: (s: string) => (text += s) }))
      .to.throw(CommanderError)
      .with.property('exitCode', 0);
    expect(text).to.include('Usage: sts-chaos plan');
  });
});
