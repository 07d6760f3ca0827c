/** What `main()` is given: the engine, the environment, the output streams and the signals. */
import type { Engine } from './engine-port.ts';

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
