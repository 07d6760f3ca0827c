/** The exit codes of sts-chaos, and the errors that map to them. */
export const ExitCode = {
  /** Every check passed (skips allowed). */
  Ok: 0,
  /** At least one check failed. */
  ChecksFailed: 1,
  /** Bad usage or config: unknown flag, bad YAML, target not found, target not a StatefulSet. */
  Usage: 2,
  /** Preflight refused: target unhealthy before any fault, forbidden namespace, run already in progress. */
  Refused: 3,
  /** Interrupted (SIGINT/SIGTERM); every fault was reverted. */
  Interrupted: 4,
  /** A revert failed: something needs a human (the message says what). */
  RevertFailed: 5,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error whose message is one line meant for the user, with the exit code it maps to. */
export class ChaosError extends Error {
  readonly exitCode: ExitCode;

  constructor(exitCode: ExitCode, message: string) {
    super(message);
    this.exitCode = exitCode;
    this.name = 'ChaosError';
  }
}

export class UsageError extends ChaosError {
  constructor(message: string) {
    super(ExitCode.Usage, message);
    this.name = 'UsageError';
  }
}

export class RefusedError extends ChaosError {
  constructor(message: string) {
    super(ExitCode.Refused, message);
    this.name = 'RefusedError';
  }
}

export class RevertFailedError extends ChaosError {
  constructor(message: string) {
    super(ExitCode.RevertFailed, message);
    this.name = 'RevertFailedError';
  }
}
