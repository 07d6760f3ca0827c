/**
 * How every error ends: ONE line on stderr, `sts-chaos: <message>`, and an exit code: 2 for a bad command
 * line or configuration (CommanderError, UsageError), a ChaosError's own code, and 1 for an unexpected
 * internal error (its stack only with STS_CHAOS_DEBUG=1).
 */
import { CommanderError } from 'commander';
import { messageOf, oneLine } from '../config/message.ts';
import { ChaosError, ExitCode } from '../errors.ts';
import type { MainDeps, OutStream } from './deps.ts';

/** The exit code of an unexpected internal error. */
export const INTERNAL_ERROR_EXIT = 1;

/** Writes the line of `e` to stderr; returns the exit code. */
export function report(e: unknown, deps: Pick<MainDeps, 'env' | 'stderr'>): number {
  if (e instanceof CommanderError) {
    if (e.exitCode === 0) return ExitCode.Ok;
    if (e.code === 'commander.help') {
      say(deps.stderr, 'no command given (run, plan, list, cleanup, compare); see sts-chaos --help');
    } else {
      say(deps.stderr, e.message.replace(/^error:\s*/, ''));
    }
    return ExitCode.Usage;
  }
  if (e instanceof ChaosError) {
    say(deps.stderr, e.message);
    return e.exitCode;
  }
  return reportInternal(e, deps.stderr, deps.env.STS_CHAOS_DEBUG === '1');
}

/** Writes the line of an unexpected error, and with `debug` its stack; returns INTERNAL_ERROR_EXIT. */
export function reportInternal(e: unknown, stderr: OutStream, debug: boolean): number {
  say(stderr, `internal error: ${messageOf(e)}`);
  if (debug && e instanceof Error && e.stack) stderr.write(`${e.stack}\n`);
  return INTERNAL_ERROR_EXIT;
}

function say(stderr: OutStream, line: string): void {
  stderr.write(`sts-chaos: ${oneLine(line) || 'failed'}\n`);
}
