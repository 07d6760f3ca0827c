/** What a signal sent to a process from inside its PID namespace will do, from its /proc/<pid>/status. */
export type SignalEffect =
  /**
   * The process catches it: its handler runs (usually a shutdown); or it blocks it and waits for it
   * (sigwait, as tini and dumb-init do): the kernel never drops a blocked signal, it stays pending.
   */
  | 'handled'
  /** The process ignores it (SIG_IGN). */
  | 'ignored'
  /** The default action: for a PID namespace's init, the kernel drops it (nothing happens). */
  | 'default';

/** The signal numbers sts-chaos sends, as Linux numbers them. */
export const SIGNALS = { SIGKILL: 9, SIGTERM: 15 } as const;

/** A /proc status line's hex mask (`SigCgt:\t0000000000004a02`), or undefined. */
function mask(status: string, field: 'SigCgt' | 'SigIgn' | 'SigBlk'): bigint | undefined {
  const m = new RegExp(`^${field}:\\s*([0-9a-fA-F]+)\\s*$`, 'm').exec(status);
  return m ? BigInt(`0x${m[1]}`) : undefined;
}

/**
 * The effect of `signal` on the process whose /proc/<pid>/status is `status`; undefined when the status
 * does not say (no SigCgt line: not a Linux /proc).
 */
export function signalEffect(status: string, signal: number): SignalEffect | undefined {
  const caught = mask(status, 'SigCgt');
  const ignored = mask(status, 'SigIgn');
  if (caught === undefined || ignored === undefined) return undefined;
  const blocked = mask(status, 'SigBlk') ?? 0n;
  const bit = 1n << BigInt(signal - 1);
  if (caught & bit || blocked & bit) return 'handled';
  if (ignored & bit) return 'ignored';
  return 'default';
}
