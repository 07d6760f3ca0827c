/** SIGINT and SIGTERM during a command: the first aborts it, later ones are only logged. */
import { ChaosError, ExitCode } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { SignalSource } from './deps.ts';

/**
 * Runs `command` with SIGINT/SIGTERM turned into an abort of its signal: the first signal aborts it (a run
 * reverts its faults and returns 4); later ones are logged and do not stop the process before the reverts
 * end. `doing` says in the log what the command does once interrupted. The listeners are removed after.
 */
export async function withSignals<T>(
  log: Logger,
  signals: SignalSource,
  doing: string,
  command: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
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
    return await command(controller.signal);
  } finally {
    signals.off('SIGINT', onInt);
    signals.off('SIGTERM', onTerm);
  }
}
