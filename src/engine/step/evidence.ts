import type { CheckId } from '../../catalogue/types.ts';
import type { DataCheck } from '../data-check.ts';
import { readMarkers } from '../markers.ts';
import { ordinals, podName } from '../target.ts';
import { podsByName } from '../waits.ts';
import type { StepContext } from './context.ts';
import { sampleDns } from './dns.ts';
import type { ReadUids } from './early-reads.ts';

/** What the evidence part learned that the checks need besides the timeline. */
export interface Evidence {
  /** Why no DNS sample could be taken at all (ID-3 is then skipped with it). */
  readonly dnsUnsampled?: string;
}

/**
 * The third part of a step: the evidence the checks judge besides the watches. The markers read while
 * the target recovered count if the ordinal still has that pod; the rest are read now. Then the data
 * check's verify and the DNS samples (ID-3).
 */
export async function collectEvidence(
  ctx: StepContext,
  earlyReads: ReadUids,
  data: DataCheck | undefined,
  checkIds: readonly CheckId[],
): Promise<Evidence> {
  const { recorder, target, config, exec } = ctx;
  const podsNow = podsByName(recorder);
  const unread = ordinals(target).filter(
    (i) => !earlyReads.has(i) || earlyReads.get(i) !== podsNow.get(podName(target, i))?.metadata?.uid,
  );
  if (ctx.markers)
    await readMarkers(exec, recorder, target, config.dataPaths, unread, { signal: ctx.signal }).catch(
      () => {},
    );
  await data?.verify(ctx.signal);
  // DNS is sampled for ID-3 only, and only when ID-3 was asked for (it waits for the names to follow).
  const dnsUnsampled = checkIds.includes('ID-3') ? await sampleDns(ctx) : undefined;
  return dnsUnsampled ? { dnsUnsampled } : {};
}
