import { type Fault, FaultError, type FaultRun, type Victim } from '../../faults/types.ts';
import { WaitTimeoutError } from '../../timeline/recorder.ts';
import type { StepWindow } from '../events/windows.ts';
import type { StepContext } from './context.ts';
import { type ReadUids, readAsRunning } from './early-reads.ts';
import { recoveredNow, waitRecovered } from './recover.ts';
import { sampleRoles } from './roles.ts';

/** What injecting and recovering showed. */
export interface Injected {
  readonly run: FaultRun | undefined;
  readonly injectedAt: number;
  /** The time of the watch event that completed recovery; absent when it did not come. */
  readonly recoveredAt?: number;
  /** The recovery wait's deadline passed (the budget): what it last saw. */
  readonly timedOut?: string;
  /** Markers read while the target recovered: which pod (uid) each ordinal was read from. */
  readonly earlyReads: ReadUids;
}

/**
 * The second part of a step: inject the fault, sample roles (SB-4) and read markers early while the
 * target recovers, wait (event-driven) for recovery within the budget, then end the fault (its
 * `afterRecovery`). The recovery wait's timeout is the budget (a note in the timeline; REC-1 judges it).
 * A wait of the fault's own that times out is a FaultError (the step is an error); any other error
 * (SIGTERM, an API error, FaultSkipped) propagates after the fault's end and the reads in flight.
 * `window` hears the moment of the injection and of the recovery (its Events), before the fault's end.
 */
export async function injectAndRecover(
  ctx: StepContext,
  fault: Fault,
  victim: Victim,
  window?: Pick<StepWindow, 'injected' | 'recovered'>,
): Promise<Injected> {
  const { recorder, log } = ctx;
  let run: FaultRun | undefined;
  const stopRoles = sampleRoles(ctx);
  const injectedAt = Date.now();
  let recoveredAt: number | undefined;
  let timedOut: string | undefined;
  const stepDone = new AbortController();
  let early: () => Promise<ReadUids> = async () => new Map();
  let earlyReads: ReadUids = new Map();
  // When the target recovered, from the events, whatever the fault still did after it (a node agent's
  // report read once the node is back): each expectation followed from the injection on.
  const recovery = (['new-uid', 'restart', 'ready'] as const).map((expect) => ({
    expect,
    tracked: recorder.track(() => recoveredNow(ctx, victim, { expect })),
  }));
  try {
    window?.injected(injectedAt);
    run = await fault.inject(ctx, victim).catch((e) => {
      // A wait of the fault's own that ran out (a node that never went NotReady, a new ordinal never
      // Ready): the fault did not have its effect. The budget is the recovery wait's alone.
      if (e instanceof WaitTimeoutError && !ctx.signal.aborted)
        throw new FaultError(`${fault.name}: ${e.message}`);
      throw e;
    });
    early = readAsRunning(ctx, victim, run, stepDone.signal);
    await waitRecovered(ctx, victim, run).catch((e) => {
      // Only the recovery wait's deadline is the budget; a fault's own waits time out for other reasons.
      if (e instanceof WaitTimeoutError) timedOut = e.message;
      throw e;
    });
    const expected = run.expect;
    recoveredAt = recovery.find((r) => r.expect === expected)?.tracked.since() ?? recorder.store.lastAt;
    window?.recovered(recoveredAt);
  } catch (e) {
    if (ctx.signal.aborted || !(e instanceof WaitTimeoutError)) throw e;
    log.warn({ fault: fault.name }, e.message);
    recorder.store.mark({
      mark: 'note',
      fault: fault.name,
      ordinal: victim.ordinal,
      details: { timeout: e.message },
    });
  } finally {
    for (const r of recovery) r.tracked.stop();
    stepDone.abort();
    try {
      if (run?.afterRecovery) await run.afterRecovery();
      await stopRoles();
    } finally {
      // Reads still in flight end first, whatever happened (nothing may append after the recording ends).
      earlyReads = await early().catch(() => new Map());
    }
  }
  return {
    run,
    injectedAt,
    earlyReads,
    ...(recoveredAt !== undefined ? { recoveredAt } : {}),
    ...(timedOut !== undefined ? { timedOut } : {}),
  };
}
