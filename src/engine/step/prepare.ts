import type { Fault, Victim } from '../../faults/types.ts';
import type { DataCheck } from '../data-check.ts';
import { writeMarkers } from '../markers.ts';
import { podsByName, waitForHealthy } from '../waits.ts';
import type { StepContext } from './context.ts';
import { chooseVictim } from './victim.ts';

/** A step ready to inject, or why it cannot run on this target. */
export type Prepared =
  | { readonly kind: 'skip'; readonly reason: string }
  | { readonly kind: 'inject'; readonly victim: Victim };

/** `pod-kill (graceful)`: a fault and its variant, as logs and step titles say it. */
export function faultLabel(fault: Fault): string {
  return `${fault.name}${fault.variant ? ` (${fault.variant})` : ''}`;
}

/**
 * The first part of a step: wait (event-driven, within the budget) for the target to be healthy, choose
 * the victim, ask the fault whether it applies, then write the VOL-3 markers and the data check's
 * write. A health wait that times out throws its WaitTimeoutError (the session aborts the run on it).
 */
export async function prepare(
  ctx: StepContext,
  fault: Fault,
  markerSeq: number,
  data: DataCheck | undefined,
): Promise<Prepared> {
  const { recorder, target, config, log } = ctx;
  await waitForHealthy(recorder, target, config.budget, ctx.signal);
  const victim = chooseVictim(podsByName(recorder), target, config, fault.blastRadius, ctx.deps.ownNode);
  if (typeof victim === 'string') return { kind: 'skip', reason: victim };
  const reason = await fault.applicable(ctx, victim);
  if (reason) return { kind: 'skip', reason };
  const label = faultLabel(fault);
  if (ctx.markers)
    await writeMarkers(
      ctx.exec,
      recorder,
      target,
      config.dataPaths,
      ctx.deps.runId,
      markerSeq,
      ctx.signal,
    ).catch((e) => log.warn({ err: (e as Error).message }, 'could not write VOL-3 markers'));
  if (data && !(await data.write()))
    log.warn({ fault: label }, 'the data check write was not acknowledged before the fault');
  return { kind: 'inject', victim };
}
