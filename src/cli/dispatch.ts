/**
 * The commands: each loads its configuration (a bad one throws a UsageError), makes the logger, and only
 * then loads the engine and calls it; what the engine returns must be an exit code. `compare` reads report
 * files only: it never loads the engine.
 */
import { type LoadOptions, loadCleanupConfig, loadRunConfig } from '../config/load.ts';
import type { CommonConfig } from '../config/types.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { compareCommand } from './compare.ts';
import type { MainDeps } from './deps.ts';
import type { Engine } from './engine-port.ts';
import type { Invocation } from './program.ts';
import { withSignals } from './signals.ts';

/** Runs the command of `invocation`; resolves to its exit code. */
export async function dispatch({ command, flags, args }: Invocation, deps: MainDeps): Promise<number> {
  const configFile = typeof flags['--config'] === 'string' ? flags['--config'] : undefined;
  const opts: LoadOptions = { flags, env: deps.env, configFile };
  const out = (line: string) => {
    deps.stdout.write(`${line}\n`);
  };
  const signals = deps.signals ?? process;
  if (command === 'list') return exitCode((await loadEngine(deps)).list(out));
  // Reads report files only: no engine, no cluster.
  if (command === 'compare') return exitCode(await compareCommand(flags, args ?? [], opts, out));
  if (command === 'cleanup') {
    const cfg = loadCleanupConfig(opts);
    const { log, engine } = await start(cfg, deps);
    return exitCode(await withSignals(log, signals, 'cleaning up', (s) => engine.cleanup(cfg, log, s)));
  }
  const cfg = loadRunConfig(opts);
  const { log, engine } = await start(cfg, deps);
  if (command === 'plan') return exitCode(await engine.plan(cfg, log, out));
  return exitCode(await withSignals(log, signals, 'reverting faults', (s) => engine.run(cfg, log, s)));
}

/** The logger of `cfg` on stderr, then the engine. */
async function start(cfg: CommonConfig, deps: MainDeps): Promise<{ log: Logger; engine: Engine }> {
  const log = createLogger({ format: cfg.logFormat, level: cfg.logLevel, stream: deps.stderr });
  return { log, engine: await loadEngine(deps) };
}

async function loadEngine(deps: MainDeps): Promise<Engine> {
  return typeof deps.engine === 'function' ? await deps.engine() : deps.engine;
}

/** `n` when it is an exit code (0 to 255); throws otherwise. */
export function exitCode(n: unknown): number {
  if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 255) return n;
  throw new Error(`the engine returned ${String(n)}, not an exit code`);
}
