import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { stringify } from 'yaml';
import { CONFIG_KEYS } from '../config/keys.ts';
import type { CommonConfig, RunConfig } from '../config/types.ts';
import { ChaosError, ExitCode, RefusedError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { Engine } from './engine-port.ts';
import { main } from './main.ts';

interface Calls {
  run: RunConfig[];
  plan: RunConfig[];
  cleanup: (CommonConfig & { namespace: string })[];
  list: number;
  loaded: number;
}

function fakeEngine(overrides: Partial<Engine> = {}): { engine: Engine; calls: Calls } {
  const calls: Calls = { run: [], plan: [], cleanup: [], list: 0, loaded: 0 };
  const engine: Engine = {
    async run(cfg) {
      calls.run.push(cfg);
      return 0;
    },
    async plan(cfg, _log, out) {
      calls.plan.push(cfg);
      out(`would test ${cfg.target.namespace}/${cfg.target.name}`);
      return 0;
    },
    async cleanup(cfg) {
      calls.cleanup.push(cfg);
      return 0;
    },
    list(out) {
      calls.list++;
      out('identity  ID-1 names and count');
      return 0;
    },
    ...overrides,
  };
  return { engine, calls };
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
  stderrLines: string[];
}

async function cli(
  argv: string[],
  opts: { env?: NodeJS.ProcessEnv; engine?: Engine; signals?: EventEmitter } = {},
): Promise<Result & { calls: Calls }> {
  const fake = fakeEngine();
  const engine = opts.engine ?? fake.engine;
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    engine: () => {
      fake.calls.loaded++;
      return engine;
    },
    env: opts.env ?? {},
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    signals: opts.signals ?? new EventEmitter(),
  });
  const stderrLines = stderr.split('\n').filter((l) => l !== '');
  // Nothing ever prints a stack trace.
  expect(stderr, 'a stack trace').to.not.match(/^ {4}at /m);
  return { code, stdout, stderr, stderrLines, calls: fake.calls };
}

/** Exit 2 with exactly one line, `sts-chaos: …`, and the engine never loaded. */
async function usage(argv: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const r = await cli(argv, { env });
  expect(r.code, `${argv.join(' ')} → ${r.stderr}`).to.equal(2);
  expect(r.stderrLines).to.have.length(1);
  expect(r.stderrLines[0]).to.match(/^sts-chaos: \S/);
  expect(r.calls.loaded, 'engine loaded').to.equal(0);
  return r.stderrLines[0] ?? '';
}

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'sts-chaos-cli-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
function configFile(text: string): string {
  const path = join(dir, `c${fileNo++}.yaml`);
  writeFileSync(path, text);
  return path;
}

describe('sts-chaos (main)', () => {
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

  it('refuses --budget banana, naming budget', async () => {
    expect(await usage(['run', '--target', 'a/b', '--budget', 'banana'])).to.equal(
      'sts-chaos: --budget: "banana" is not a duration (use e.g. 250ms, 90s, 3m, 1m30s)',
    );
  });

  it('refuses --target foo', async () => {
    expect(await usage(['run', '--target', 'foo'])).to.equal(
      'sts-chaos: --target: "foo" must be <namespace>/<statefulset>',
    );
    expect(await usage(['plan'])).to.match(/^sts-chaos: target is required/);
  });

  it('refuses a config file that is not YAML, in one line', async () => {
    const f = configFile('target: demo/web\nsuites: [identity\nbudget: 3m\n');
    expect(await usage(['run', '--config', f])).to.match(
      new RegExp(`^sts-chaos: config file ${f}: not valid YAML \\(line \\d+: `),
    );
    expect(await usage(['run', '--config', join(dir, 'nope.yaml')])).to.match(/nope.yaml: not found$/);
  });

  it('refuses an unknown key in the config file, naming it', async () => {
    const f = configFile('target: demo/web\nbudgett: 3m\n');
    expect(await usage(['run', '--config', f])).to.equal(
      `sts-chaos: config file ${f}: unknown key "budgett" (did you mean "budget"?)`,
    );
  });

  it('runs with the configuration from STS_CHAOS_*, flags overriding', async () => {
    const env = { STS_CHAOS_TARGET: 'env/web', STS_CHAOS_BUDGET: '2m', STS_CHAOS_SUITES: 'identity' };
    const a = await cli(['run'], { env });
    expect(a.code).to.equal(0);
    expect(a.stderr).to.equal('');
    expect(a.calls.run).to.have.length(1);
    expect(a.calls.run[0]?.target).to.deep.equal({ namespace: 'env', name: 'web' });
    expect(a.calls.run[0]?.budget.toString()).to.equal('2m');
    const b = await cli(
      ['run', '--target', 'flag/web', '--suites', 'volumes', '--data-path', '/a', '--data-path', '/b'],
      {
        env,
      },
    );
    expect(b.calls.run[0]?.target.namespace).to.equal('flag');
    expect(b.calls.run[0]?.budget.toString()).to.equal('2m');
    expect(b.calls.run[0]?.suites).to.deep.equal(['volumes']);
    expect(b.calls.run[0]?.dataPaths).to.deep.equal(['/a', '/b']);
    expect(await usage(['run'], { ...env, STS_CHAOS_BUDGET: 'soon' })).to.match(
      /^sts-chaos: STS_CHAOS_BUDGET: "soon"/,
    );
  });

  it('reads the config file from --config and STS_CHAOS_CONFIG', async () => {
    const f = configFile('target: file/web\nnodeLoss: {mode: lab}\nbudget: 90\n');
    const a = await cli(['plan', '--config', f]);
    expect(a.code).to.equal(0);
    expect(a.stdout).to.equal('would test file/web\n');
    expect(a.calls.plan[0]?.nodeLoss.mode).to.equal('lab');
    expect(a.calls.plan[0]?.budget.toSeconds()).to.equal(90);
    const b = await cli(['plan', '--node-loss', 'none'], { env: { STS_CHAOS_CONFIG: f } });
    expect(b.calls.plan[0]?.nodeLoss.mode).to.equal('none');
  });

  it('lists through engine.list, on stdout', async () => {
    const r = await cli(['list']);
    expect(r.code).to.equal(0);
    expect(r.calls.list).to.equal(1);
    expect(r.stdout).to.equal('identity  ID-1 names and count\n');
  });

  it('cleans up the namespace of --namespace or --target', async () => {
    const a = await cli(['cleanup', '--namespace', 'demo', '--context', 'lab']);
    expect(a.code).to.equal(0);
    expect(a.calls.cleanup[0]).to.include({ namespace: 'demo', context: 'lab', logLevel: 'info' });
    const b = await cli(['cleanup', '--target', 'demo/web']);
    expect(b.calls.cleanup[0]?.namespace).to.equal('demo');
    expect(await usage(['cleanup'])).to.match(/cleanup needs --namespace/);
    expect(await usage(['cleanup', '--budget', '3m'])).to.match(/unknown option '--budget'/);
  });

  it('ends with the code and the one-line message of a ChaosError from the engine', async () => {
    const { engine } = fakeEngine({
      run: async () => {
        throw new RefusedError('target demo/web is not healthy: web-1 is not Ready');
      },
    });
    const r = await cli(['run', '--target', 'demo/web'], { engine });
    expect(r.code).to.equal(3);
    expect(r.stderrLines).to.deep.equal(['sts-chaos: target demo/web is not healthy: web-1 is not Ready']);
    const multi = fakeEngine({
      plan: async () => {
        throw new ChaosError(ExitCode.RevertFailed, 'uncordon lab-n1 failed:\nforbidden');
      },
    });
    const m = await cli(['plan', '--target', 'demo/web'], { engine: multi.engine });
    expect(m.code).to.equal(5);
    expect(m.stderrLines).to.deep.equal(['sts-chaos: uncordon lab-n1 failed: forbidden']);
  });

  it('passes the engine exit code through', async () => {
    const { engine } = fakeEngine({ run: async () => 1 });
    expect((await cli(['run', '--target', 'demo/web'], { engine })).code).to.equal(1);
  });

  it('turns an unexpected error into one line and exit 1; the stack only with STS_CHAOS_DEBUG=1', async () => {
    const { engine } = fakeEngine({
      run: async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      },
    });
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

  it('aborts the run on the first signal, logs the second, and returns what the engine returns', async () => {
    const signals = new EventEmitter();
    let aborted: unknown;
    const { engine } = fakeEngine({
      run: async (_cfg, log: Logger, signal) => {
        setImmediate(() => signals.emit('SIGINT'));
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        aborted = signal.reason;
        signals.emit('SIGTERM'); // while "reverting"
        log.info('every fault reverted');
        return ExitCode.Interrupted;
      },
    });
    const r = await cli(['run', '--target', 'demo/web', '--log-format', 'json'], { engine, signals });
    expect(r.code).to.equal(4);
    expect(aborted).to.be.instanceOf(ChaosError);
    const events = r.stderrLines.map((l) => JSON.parse(l));
    expect(events.map((e) => [e.msg, e.signal])).to.deep.equal([
      ['interrupted, reverting faults', 'SIGINT'],
      [
        'still reverting faults; sts-chaos exits once every fault is reverted (SIGKILL stops it now, then `sts-chaos cleanup` reverts what is left)',
        'SIGTERM',
      ],
      ['every fault reverted', undefined],
    ]);
    expect(signals.listenerCount('SIGINT')).to.equal(0);
    expect(signals.listenerCount('SIGTERM')).to.equal(0);
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
});

describe('sts-chaos (main), fuzzed', () => {
  // A seeded generator, so that a failure can be reproduced.
  let seed = 20240601;
  const rand = (n: number) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)] as T;

  const flags = [
    ...CONFIG_KEYS.flatMap((k) => (k.flag ? [k.flag] : [])),
    '--config',
    '--namespace',
    '--help',
    '--version',
  ];
  const garbage = [
    '--bogus',
    '-x',
    '--',
    '---',
    '-',
    '--target=',
    '--budget=3m',
    '--no-dry-run',
    '-h',
    'run',
    'list',
    '\u0000',
    '',
  ];
  const values = [
    'demo/web',
    'kube-system/web',
    '3m',
    '90s',
    '1m30s',
    'identity',
    'identity,volumes',
    'split-brain',
    'lab',
    'command',
    'none',
    'json',
    'pretty',
    'auto',
    'debug',
    '1',
    '0',
    'true',
    'web',
    '/data',
    '',
    ' ',
    ',',
    'banana',
    'ünïcödé/ßtatefulset',
    '💥',
    '日本語',
    'a'.repeat(5000),
    `${'a'.repeat(63)}/${'b'.repeat(253)}`,
    '-1',
    '1e3',
    'a\nb',
    'x\u2028y',
    '\u202edemo/web',
    '../../etc/passwd',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-looking value, on purpose
    '${HOME}',
    '%s%n',
    'null',
    '__proto__',
    'constructor',
    'toString',
  ];
  const yamlKeys = [
    ...CONFIG_KEYS.map((k) => k.field.split('.')[0] ?? ''),
    'budgett',
    '__proto__',
    'constructor',
    'node-loss',
    '',
  ];
  const nestedKeys = [
    'mode',
    'downCommand',
    'upCommand',
    'holdFor',
    'command',
    'interval',
    'primaryValues',
    'x',
  ];

  function randomValue(depth: number): unknown {
    switch (rand(depth > 1 ? 6 : 8)) {
      case 0:
        return pick(values);
      case 1:
        return rand(2) ? rand(1000) : -rand(10) / 3;
      case 2:
        return rand(2) === 1;
      case 3:
        return null;
      case 4:
        return pick(['3m', 'demo/web', 'lab', 'identity']);
      case 5:
        return pick([Number.POSITIVE_INFINITY, 1e308, 0.5]);
      case 6:
        return Array.from({ length: rand(4) }, () => randomValue(depth + 1));
      default:
        return Object.fromEntries(
          Array.from({ length: rand(4) }, () => [pick(nestedKeys), randomValue(depth + 1)]),
        );
    }
  }

  function randomYaml(): string {
    const doc: Record<string, unknown> = {};
    for (let i = rand(6); i > 0; i--) doc[pick(yamlKeys)] = randomValue(0);
    if (rand(3) === 0) doc.target = 'demo/web';
    let text = stringify(doc);
    switch (rand(8)) {
      case 0:
        text = text.slice(0, rand(text.length + 1));
        break;
      case 1:
        text = `${text}${pick(['\t- x', ': :', '[', '{a: 1', '"', '&a [*a]', '*missing', '!!binary AAAA', '%YAML 9.9', '---\n---'])}\n`;
        break;
      case 2:
        text = `${text}target: dup/web\ntarget: dup/web\n`;
        break;
      case 3:
        text = Array.from({ length: rand(80) }, () => String.fromCharCode(rand(0x3000))).join('');
        break;
      case 4:
        text = pick(['', '~', '- 1', '42', 'just text', 'a: &x {b: *x}', 'nodeLoss: &n {mode: *n}']);
        break;
      default:
        break;
    }
    return text;
  }

  it('ends every random command line and config file in exit 0 or 2, with at most one line on stderr', async function () {
    this.timeout(120_000);
    const files = Array.from({ length: 150 }, () => configFile(randomYaml()));
    const envNames = [...CONFIG_KEYS.map((k) => k.env), 'STS_CHAOS_CONFIG'];
    const codes = new Map<number, number>();
    for (let i = 0; i < 2000; i++) {
      const argv: string[] = [];
      const flagValue = (flag: string) => {
        argv.push(flag);
        if (flag === '--config')
          argv.push(rand(10) ? pick(files) : pick([dir, join(dir, 'missing.yaml'), '']));
        else if (rand(8)) argv.push(pick(values));
      };
      if (i % 2 === 0) {
        // Command-line chaos: commands, flags, values and garbage in any order.
        const command = rand(10);
        if (command < 8) argv.push(pick(['run', 'plan', 'cleanup', 'run', 'plan', 'list', 'help']));
        else if (command === 8) argv.push(pick(garbage));
        for (let n = rand(7); n > 0; n--) {
          const r = rand(10);
          if (r < 6) flagValue(pick(flags));
          else if (r < 8) argv.push(pick(garbage));
          else argv.push(pick(values));
        }
      } else {
        // Config chaos: a well-formed command line, a random config file and a few known flags.
        argv.push(pick(['run', 'plan', 'cleanup']), '--config', pick(files));
        for (let n = rand(3); n > 0; n--) {
          const flag = pick(flags.filter((f) => f !== '--help' && f !== '--version' && f !== '--namespace'));
          argv.push(flag);
          if (flag !== '--dry-run') argv.push(pick(values));
        }
      }
      if (rand(3) === 0 && argv[0] && !argv.includes('--target')) argv.push('--target', 'demo/web');
      const env: NodeJS.ProcessEnv = {};
      for (let n = rand(3); n > 0; n--) {
        const name = pick(envNames);
        env[name] = name === 'STS_CHAOS_CONFIG' ? pick(files) : String(pick(values));
      }
      let r: Result;
      try {
        r = await cli(argv, { env });
      } catch (e) {
        throw new Error(`case ${i}: ${JSON.stringify({ argv, env })}: ${(e as Error).message}`);
      }
      const what = `case ${i}: ${JSON.stringify({ argv, env })} → ${r.code} ${JSON.stringify(r.stderr)}`;
      expect([0, 2], what).to.include(r.code);
      expect(r.stderrLines.length, what).to.be.at.most(1);
      if (r.code === 2) expect(r.stderrLines[0], what).to.match(/^sts-chaos: \S/);
      if (r.code === 0) expect(r.stderr, what).to.equal('');
      codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
    }
    // The generator reaches both outcomes often enough to mean something.
    expect(codes.get(0) ?? 0).to.be.greaterThan(100);
    expect(codes.get(2) ?? 0).to.be.greaterThan(100);
  });
});
