#!/usr/bin/env -S node --max-semi-space-size=2
/**
 * The sts-chaos command: `run`, `plan`, `list`, `cleanup`.
 *
 * `main()` parses the command line (commander), loads the configuration (flags > STS_CHAOS_* > config
 * file > defaults), and only then loads the engine and calls it. Every error ends in ONE line on stderr,
 * `sts-chaos: <message>`, and an exit code: 2 for a bad command line or configuration (UsageError), a
 * ChaosError's own code, and 1 for an unexpected internal error (its stack only with STS_CHAOS_DEBUG=1).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { CONFIG_FILE_KEY, CONFIG_KEYS, type ConfigKey } from '../config/keys.ts';
import { type FlagValue, loadCleanupConfig, loadRunConfig } from '../config/load.ts';
import { ChaosError, ExitCode } from '../errors.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import type { Engine, EngineModule } from './engine-port.ts';

/** The exit code of an unexpected internal error. */
export const INTERNAL_ERROR_EXIT = 1;

export interface OutStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

/** Where SIGINT and SIGTERM come from (process, or a stand-in in tests). */
export interface SignalSource {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

export interface MainDeps {
  /** The engine, or a function that loads it; called only once the command line and config are valid. */
  readonly engine: Engine | (() => Engine | Promise<Engine>);
  /** The environment (STS_CHAOS_*, STS_CHAOS_DEBUG, NO_COLOR). */
  readonly env: NodeJS.ProcessEnv;
  /** Output of `plan`, `list` and --help. */
  readonly stdout: OutStream;
  /** Logs and error messages. */
  readonly stderr: OutStream;
  /** @default process */
  readonly signals?: SignalSource;
}

type CommandName = 'run' | 'plan' | 'list' | 'cleanup';

interface Invocation {
  readonly command: CommandName;
  readonly flags: Record<string, FlagValue>;
}

/**
 * Runs sts-chaos with `argv` (the arguments after the program's name) and resolves to the exit code.
 * Never rejects.
 */
export async function main(argv: readonly string[], deps: MainDeps): Promise<number> {
  try {
    const invocation = parseCommandLine(argv, deps);
    if (!invocation) return ExitCode.Ok; // --help, --version
    return await dispatch(invocation, deps);
  } catch (e) {
    return report(e, deps);
  }
}

// --- the command line ---------------------------------------------------------------------------------

const RUN_AFTER_HELP = `
Each setting comes from its flag, else its STS_CHAOS_* variable, else the config file (--config or
${CONFIG_FILE_KEY.env}: YAML, keys in camelCase, nested as in the docs, e.g. "nodeLoss: {mode: lab}"), else
its default.

Exit codes: 0 every check passed, 1 a check failed, 2 bad usage or configuration, 3 refused (target
unhealthy, namespace forbidden, a run in progress), 4 interrupted (every fault reverted), 5 a revert
failed (the message says what needs a human).`;

const CLEANUP_FIELDS = ['target', 'kubeconfig', 'context', 'logFormat', 'logLevel'];

function parseCommandLine(argv: readonly string[], deps: MainDeps): Invocation | undefined {
  let invocation: Invocation | undefined;
  const program = new Command('sts-chaos')
    .description('Chaos and conformance suite for Kubernetes StatefulSets')
    .version(version(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => deps.stdout.write(s),
      // Commander's own error output is replaced by one line (see report()).
      writeErr: () => {},
      outputError: () => {},
    })
    .showSuggestionAfterError(true)
    .allowExcessArguments(false);
  const select = (command: CommandName) => (_opts: unknown, cmd: Command) => {
    invocation = { command, flags: flagsOf(cmd) };
  };

  const run = program
    .command('run')
    .description('inject the faults of the suites into the target and check its guarantees')
    .action(select('run'));
  addConfigOptions(run, CONFIG_KEYS);
  run.addHelpText('after', RUN_AFTER_HELP);

  const plan = program
    .command('plan')
    .description('say what run would do with these settings, touching nothing')
    .action(select('plan'));
  addConfigOptions(plan, CONFIG_KEYS);
  plan.addHelpText('after', RUN_AFTER_HELP);

  program.command('list').description('list the suites and their tests').action(select('list'));

  const cleanup = program
    .command('cleanup')
    .description('revert what the fault ledger of a namespace still holds (after a crashed run)')
    .addOption(
      new Option('--namespace <namespace>', 'the namespace whose ledger to revert (or give --target)'),
    )
    .action(select('cleanup'));
  addConfigOptions(
    cleanup,
    CONFIG_KEYS.filter((k) => CLEANUP_FIELDS.includes(k.field)),
  );

  program.parse([...argv], { from: 'user' });
  return invocation;
}

function addConfigOptions(cmd: Command, keys: readonly ConfigKey[]): void {
  for (const key of keys) {
    if (!key.flag) continue;
    const option = new Option(key.value ? `${key.flag} ${key.value}` : key.flag, helpText(key));
    if (key.repeatable) option.argParser(collect);
    cmd.addOption(option);
  }
  cmd.addOption(
    new Option(
      `${CONFIG_FILE_KEY.flag} ${CONFIG_FILE_KEY.value}`,
      `${CONFIG_FILE_KEY.description} [env: ${CONFIG_FILE_KEY.env}]`,
    ),
  );
  cmd.allowExcessArguments(false);
}

function helpText(key: ConfigKey): string {
  const extra = [key.repeatable && 'repeatable', key.default && `default: ${key.default}`].filter(Boolean);
  return `${key.description}${extra.length ? ` (${extra.join('; ')})` : ''} [env: ${key.env}]`;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The command's flag values keyed by long flag (`--budget`), as the config loader takes them. */
function flagsOf(cmd: Command): Record<string, FlagValue> {
  const opts = cmd.opts<Record<string, FlagValue>>();
  const flags: Record<string, FlagValue> = {};
  for (const option of cmd.options) {
    const value = opts[option.attributeName()];
    if (option.long && value !== undefined) flags[option.long] = value;
  }
  return flags;
}

// --- the commands -------------------------------------------------------------------------------------

async function dispatch({ command, flags }: Invocation, deps: MainDeps): Promise<number> {
  const configFile = typeof flags['--config'] === 'string' ? flags['--config'] : undefined;
  const out = (line: string) => {
    deps.stdout.write(`${line}\n`);
  };
  switch (command) {
    case 'list': {
      const engine = await loadEngine(deps);
      return exitCode(engine.list(out));
    }
    case 'cleanup': {
      const cfg = loadCleanupConfig({ flags, env: deps.env, configFile });
      const log = createLogger({ format: cfg.logFormat, level: cfg.logLevel, stream: deps.stderr });
      const engine = await loadEngine(deps);
      return await withSignals(log, deps.signals ?? process, 'cleaning up', (signal) =>
        engine.cleanup(cfg, log, signal),
      );
    }
    case 'plan': {
      const cfg = loadRunConfig({ flags, env: deps.env, configFile });
      const log = createLogger({ format: cfg.logFormat, level: cfg.logLevel, stream: deps.stderr });
      const engine = await loadEngine(deps);
      return exitCode(await engine.plan(cfg, log, out));
    }
    case 'run': {
      const cfg = loadRunConfig({ flags, env: deps.env, configFile });
      const log = createLogger({ format: cfg.logFormat, level: cfg.logLevel, stream: deps.stderr });
      const engine = await loadEngine(deps);
      return await withSignals(log, deps.signals ?? process, 'reverting faults', (signal) =>
        engine.run(cfg, log, signal),
      );
    }
  }
}

/**
 * A command with SIGINT/SIGTERM turned into an abort: the first signal aborts it (a run reverts its
 * faults and returns 4); later ones are logged and do not stop the process before the reverts end.
 */
async function withSignals(
  log: Logger,
  signals: SignalSource,
  doing: string,
  command: (signal: AbortSignal) => Promise<number>,
): Promise<number> {
  const controller = new AbortController();
  let received = 0;
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
    received += 1;
    if (received === 1) {
      log.warn({ signal }, `interrupted, ${doing}`);
      controller.abort(new ChaosError(ExitCode.Interrupted, `interrupted by ${signal}`));
    } else {
      log.warn(
        { signal },
        'still reverting faults; sts-chaos exits once every fault is reverted (SIGKILL stops it now, then `sts-chaos cleanup` reverts what is left)',
      );
    }
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  signals.on('SIGINT', onInt);
  signals.on('SIGTERM', onTerm);
  try {
    return exitCode(await command(controller.signal));
  } finally {
    signals.off('SIGINT', onInt);
    signals.off('SIGTERM', onTerm);
  }
}

async function loadEngine(deps: MainDeps): Promise<Engine> {
  return typeof deps.engine === 'function' ? await deps.engine() : deps.engine;
}

function exitCode(n: unknown): number {
  if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 255) return n;
  throw new Error(`the engine returned ${String(n)}, not an exit code`);
}

// --- errors -------------------------------------------------------------------------------------------

function report(e: unknown, deps: MainDeps): number {
  const say = (line: string) => {
    deps.stderr.write(`sts-chaos: ${oneLine(line) || 'failed'}\n`);
  };
  if (e instanceof CommanderError) {
    if (e.exitCode === 0) return ExitCode.Ok;
    if (e.code === 'commander.help') {
      say('no command given (run, plan, list, cleanup); see sts-chaos --help');
    } else {
      say(e.message.replace(/^error:\s*/, ''));
    }
    return ExitCode.Usage;
  }
  if (e instanceof ChaosError) {
    say(e.message);
    return e.exitCode;
  }
  const message = e instanceof Error ? e.message : String(e);
  say(`internal error: ${message}`);
  if (deps.env.STS_CHAOS_DEBUG === '1' && e instanceof Error && e.stack) deps.stderr.write(`${e.stack}\n`);
  return INTERNAL_ERROR_EXIT;
}

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ').trim();
}

function version(): string {
  // The package.json above this file (src/cli/ when run from source, somewhere under dist/ when built).
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
        if (pkg.name === 'sts-chaos' && typeof pkg.version === 'string') return pkg.version;
      } catch {
        // not ours
      }
    }
    dir = dirname(dir);
  }
  return 'unknown';
}

// --- the program --------------------------------------------------------------------------------------

/** Loads the real engine (only when a command needs it, so a bad command line never loads it). */
async function importEngine(): Promise<Engine> {
  // A literal, so that the build rewrites it to index.js.
  const mod = (await import('../engine/index.ts')) as Partial<EngineModule>;
  if (typeof mod.createEngine !== 'function')
    throw new Error('the engine module does not export createEngine()');
  return await mod.createEngine();
}

if (import.meta.main) {
  const debug = process.env.STS_CHAOS_DEBUG === '1';
  const die = (e: unknown) => {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`sts-chaos: internal error: ${oneLine(message)}\n`);
    if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    process.exit(INTERNAL_ERROR_EXIT);
  };
  process.on('uncaughtException', die);
  process.on('unhandledRejection', die);
  // A closed pipe on stdout (`sts-chaos list | head -1`) must not stop a run before its reverts.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') die(e);
  });
  const code = await main(process.argv.slice(2), {
    engine: importEngine,
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
  });
  process.exit(code);
}
