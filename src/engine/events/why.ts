import { FaultError, FaultSkipped } from '../../faults/types.ts';

/**
 * Why a step ended without its verdict, for its FaultAborted Event: the signal (SIGTERM, SIGINT), the
 * run's own abort (the target changed under it, or stayed unready past its budget), the fault that had no
 * visible effect (or was cut short), or any other error of the step.
 */
export function whyStopped(e: unknown, signal: AbortSignal, abortReason: string | undefined): string {
  if (signal.aborted) {
    const by = signal.reason instanceof Error ? signal.reason.message : 'interrupted';
    return `${by}; every fault is reverted`;
  }
  if (abortReason) return `the run aborted: ${abortReason}; every fault is reverted`;
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof FaultError) return `the fault had no effect, not judged: ${message}`;
  if (e instanceof FaultSkipped) return `no visible effect, not judged: ${message}`;
  return `step error: ${message}`;
}
