import { setTimeout as wait } from 'node:timers/promises';
import type { Duration } from './duration.ts';

/**
 * Waits `d`; an abort of `signal` (SIGTERM, the run aborting itself) ends the wait at once by rejecting
 * with the signal's reason, so that nothing sleeps on after the run was told to stop.
 */
export async function sleep(d: Duration, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw signal.reason;
  try {
    await wait(d.toMilliseconds(), undefined, signal ? { signal } : {});
  } catch (e) {
    throw signal?.aborted ? signal.reason : e;
  }
}
