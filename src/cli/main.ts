#!/usr/bin/env -S node --max-semi-space-size=2
/**
 * The sts-chaos command: `run`, `plan`, `list`, `cleanup`, `compare`.
 *
 * `main()` parses the command line (`program.ts`), loads the configuration (flags > STS_CHAOS_* > config
 * file > defaults) and only then loads the engine and calls it (`dispatch.ts`). Every error ends in ONE
 * line on stderr, `sts-chaos: <message>`, and an exit code (`report.ts`).
 */
import { ExitCode } from '../errors.ts';
import type { MainDeps } from './deps.ts';
import { dispatch } from './dispatch.ts';
import type { Engine, EngineModule } from './engine-port.ts';
import { parseCommandLine } from './program.ts';
import { report, reportInternal } from './report.ts';

export type { MainDeps, OutStream, SignalSource } from './deps.ts';
export { INTERNAL_ERROR_EXIT } from './report.ts';

/**
 * Runs sts-chaos with `argv` (the arguments after the program's name) and resolves to the exit code.
 * Never rejects.
 */
export async function main(argv: readonly string[], deps: MainDeps): Promise<number> {
  try {
    const invocation = parseCommandLine(argv, deps.stdout);
    if (!invocation) return ExitCode.Ok; // --help, --version
    return await dispatch(invocation, deps);
  } catch (e) {
    return report(e, deps);
  }
}

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
  const die = (e: unknown) => process.exit(reportInternal(e, process.stderr, debug));
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
