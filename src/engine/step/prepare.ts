import type { Fault, Victim } from '../../faults/types.ts';
import type { DataCheck } from '../data-check.ts';
import type { GateDecision } from '../guide/gate.ts';
import { writeMarkers } from '../markers.ts';
import { podsByName, waitForHealthy } from '../waits.ts';
import type { StepContext } from './context.ts';
import { chooseVictim } from './victim.ts';

/**
 * A step ready to inject, or why it cannot run on this target, or the operator's answer other than
 * continue (a guided run): skip this step (on the victim chosen), abort the run.
 */
export type Prepared =
  | { readonly kind: 'skip'; readonly reason: string }
  | { readonly kind: 'inject'; readonly victim: Victim }
  | { readonly kind: 'operator'; readonly answer: 'skip' | 'abort'; readonly victim: Victim };

/** Asks the operator about the step once its victim is known (a guided run). */
export type AskOperator = (victim: Victim) => Promise<GateDecision>;

/** `pod-kill (graceful)`: a fault and its variant, as logs and step titles say it. */
export function faultLabel(fault: Fault): string {
  return `${fault.name}${fault.variant ? ` (${fault.variant})` : ''}`;
}

/**
 * The first part of a step: wait (event-driven, within the budget) for the target to be healthy, choose
 * the victim, ask the fault whether it applies, ask the operator (`ask`, a guided run: the plan then names
 * the real pod and node, and nothing is written before the answer), then write the VOL-3 markers and the
 * data check's write. A health wait that times out throws its WaitTimeoutError (the session aborts the
 * run on it).
 */
export async function prepare(
  ctx: StepContext,
  fault: Fault,
  markerSeq: number,
  data: DataCheck | undefined,
  ask?: AskOperator,
): Promise<Prepared> {
  const { recorder, target, config, log } = ctx;
  await waitForHealthy(recorder, target, config.budget, ctx.signal);
  const chosen = chooseVictim(podsByName(recorder), target, config, fault.blastRadius, ctx.deps.ownNode);
  if (typeof chosen === 'string') return { kind: 'skip', reason: chosen };
  const reason = await fault.applicable(ctx, chosen);
  if (reason) return { kind: 'skip', reason };
  const answered = ask
    ? await confirm(ctx, fault, chosen, ask)
    : ({ kind: 'inject', victim: chosen } as const);
  if (answered.kind !== 'inject') return answered;
  const { victim } = answered;
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

/**
 * The operator's answer on `victim`; after a continue, the target healthy again and the victim as it is
 * now (its UID and restarts). A victim that moved meanwhile (another pod or node) is asked about again:
 * the plan the operator answered always names the pod and node the fault acts on.
 */
async function confirm(ctx: StepContext, fault: Fault, first: Victim, ask: AskOperator): Promise<Prepared> {
  const { recorder, target, config, log } = ctx;
  let victim = first;
  for (;;) {
    const answer = await ask(victim);
    if (answer !== 'continue') return { kind: 'operator', answer, victim };
    await waitForHealthy(recorder, target, config.budget, ctx.signal);
    const now = chooseVictim(podsByName(recorder), target, config, fault.blastRadius, ctx.deps.ownNode);
    if (typeof now === 'string') return { kind: 'skip', reason: now };
    if (now.pod === victim.pod && now.node === victim.node) return { kind: 'inject', victim: now };
    log.info(
      { fault: faultLabel(fault), was: victim.pod, pod: now.pod, node: now.node },
      `the victim changed while the operator answered (${victim.pod} on ${victim.node} is now ${now.pod} on ${now.node}): asking again`,
    );
    const reason = await fault.applicable(ctx, now);
    if (reason) return { kind: 'skip', reason };
    victim = now;
  }
}
