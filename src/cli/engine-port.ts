/**
 * What the CLI needs from the engine. The CLI validates the command line and the configuration, then
 * calls one of these; `src/engine/index.ts` provides the real one (`createEngine(): Engine`), loaded only
 * once the command line is valid.
 */
import type { CleanupConfig } from '../config/load.ts';
import type { RunConfig } from '../config/types.ts';
import type { Logger } from '../log/logger.ts';

export interface Engine {
  /**
   * Runs the suites against the target. Resolves to the exit code (ExitCode): 0 all passed, 1 a check
   * failed, 3 refused, 4 interrupted (`signal` aborted, every fault reverted), 5 a revert failed. May throw
   * a ChaosError instead (its code and one-line message are used).
   */
  run(cfg: RunConfig, log: Logger, signal: AbortSignal): Promise<number>;
  /** Says what `run` would do with `cfg`, one line at a time through `out`; touches nothing. */
  plan(cfg: RunConfig, log: Logger, out: (line: string) => void): Promise<number>;
  /**
   * Reverts whatever the fault ledger of `namespace` still holds (after a crash). `signal` (SIGINT or
   * SIGTERM) ends its wait for a Lease to expire: it then rejects with the signal's reason (exit 4).
   */
  cleanup(cfg: CleanupConfig, log: Logger, signal?: AbortSignal): Promise<number>;
  /** Lists the suites and their tests, one line at a time through `out`. */
  list(out: (line: string) => void): number;
}

/** The module `src/engine/index.ts` is expected to be. */
export interface EngineModule {
  createEngine(): Engine | Promise<Engine>;
}
