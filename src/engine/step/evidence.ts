import type { DataCheck } from '../data-check.ts';
import { readMarkers } from '../markers.ts';
import { ordinals, podName } from '../target.ts';
import { podsByName } from '../waits.ts';
import type { StepContext } from './context.ts';
import { sampleDns } from './dns.ts';
import type { ReadUids } from './early-reads.ts';

/**
 * The third part of a step: the evidence the checks judge besides the watches. The markers read while
 * the target recovered count if the ordinal still has that pod; the rest are read now. Then the data
 * check's verify and the DNS samples (ID-3).
 */
export async function collectEvidence(
  ctx: StepContext,
  earlyReads: ReadUids,
  data: DataCheck | undefined,
): Promise<void> {
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
  await sampleDns(ctx);
}
