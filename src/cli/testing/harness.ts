/**
 * For the CLI tests: a fake engine that records its calls, `cli()` that runs main() with it and captured
 * output, and `usage()` for a command line refused with exit 2 before the engine is loaded.
 */
import { EventEmitter } from 'node:events';
import { expect } from 'chai';
import type { CommonConfig, RunConfig } from '../../config/types.ts';
import type { Engine } from '../engine-port.ts';
import { main } from '../main.ts';

export interface Calls {
  run: RunConfig[];
  plan: RunConfig[];
  cleanup: (CommonConfig & { namespace: string })[];
  list: number;
  loaded: number;
}

export function fakeEngine(overrides: Partial<Engine> = {}): { engine: Engine; calls: Calls } {
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

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
  stderrLines: string[];
}

export async function cli(
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
export async function usage(argv: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const r = await cli(argv, { env });
  expect(r.code, `${argv.join(' ')} → ${r.stderr}`).to.equal(2);
  expect(r.stderrLines).to.have.length(1);
  expect(r.stderrLines[0]).to.match(/^sts-chaos: \S/);
  expect(r.calls.loaded, 'engine loaded').to.equal(0);
  return r.stderrLines[0] ?? '';
}

/** A fake engine whose `method` rejects with `error`. */
export function failing(method: 'run' | 'plan' | 'cleanup', error: Error): Engine {
  return fakeEngine({
    [method]: async () => {
      throw error;
    },
  }).engine;
}
