import { WaitTimeoutError } from '../timeline/recorder.ts';
import { Duration } from '../util/duration.ts';
import { scaler } from './scale-ops.ts';
import { type Fault, FaultError } from './types.ts';

export { scaleBack } from './scale-ops.ts';

/** How long the garbage collector gets to delete a removed ordinal's claims under `whenScaled: Delete`. */
const CLAIM_GC = Duration.minutes(1);

/**
 * How far below R the step goes: to R-1, so that two ordinals go at once and their order is judged
 * (ORD-2), unless that would cost the user data or service: a claim retention `whenScaled: Delete`
 * would delete ordinal R-1's claim, and R = 1 would leave no pod. Then back to R only (ORD-2 skipped).
 */
export function lowest(replicas: number, whenScaled: string | undefined): { to: number; why?: string } {
  if (whenScaled === 'Delete')
    return { to: replicas, why: 'whenScaled: Delete would delete the claim of an ordinal the user had' };
  if (replicas < 2) return { to: replicas, why: 'one replica: going below it would leave no pod' };
  return { to: replicas - 1 };
}

/**
 * Scale R → R+1 → R-1 → R (ORD-1, ORD-2, VOL-5; the catalogue's "3 → 4 → 2" scenario): the new
 * ordinal is created last, then R and R-1 go highest first, one at a time, and R-1 comes back on its
 * own claim. The original replica count is registered in the ledger before the first patch; the claims
 * of ordinal R did not exist before the step and are deleted after it. See `lowest` for when the step
 * does not go below R.
 */
export function scaleUpDown(): Fault {
  return {
    name: 'scale',
    blastRadius: 'pod',
    changesTarget: true,
    variant: 'R+1, R-1, R',
    async applicable() {
      return undefined;
    },
    async inject(env) {
      const { namespace, name, replicas, ordinalsStart } = env.target;
      const undo = await env.reverts.register(
        { kind: 'scale', namespace, name, replicas: String(replicas) },
        `scale ${namespace}/${name} back to ${replicas}`,
      );
      const extra = ordinalsStart + replicas;
      const s = scaler(env);
      await s.to(replicas + 1);
      await s.healthy(replicas + 1).catch(async (e) => {
        if (!(e instanceof WaitTimeoutError) || env.signal.aborted) throw e;
        // The scale-up did not happen: back to R now, so that the next steps find the target as it was.
        await undo.revert();
        await s.dropExtraClaims();
        throw new FaultError(
          `the new ordinal ${name}-${extra} was not Ready within ${env.config.budget}: ${e.message}`,
        );
      });
      const whenScaled = env.target.statefulSet.spec?.persistentVolumeClaimRetentionPolicy?.whenScaled;
      const low = lowest(replicas, whenScaled);
      if (low.why)
        env.log.info(
          { step: 'scale' },
          `scaling back to ${replicas} only: ${low.why} (ORD-2 has one removal to judge)`,
        );
      await s.to(low.to);
      if (low.to < replicas) {
        // Both removed ordinals must be gone (highest first) before R comes back: else the controller may
        // never delete the second one, and ORD-2 has only one removal to judge.
        await s.gone(
          [low.to, replicas].map((i) => `${name}-${ordinalsStart + i}`),
          env.config.budget,
        );
        await s.healthy(low.to);
        await s.to(replicas);
      }
      await undo.revert();
      return {
        expect: 'ready',
        afterRecovery: async () => {
          await s.gone([`${name}-${extra}`], Duration.minutes(2));
          // VOL-5 judges the claims of the removed ordinal: under Delete, the collector's act is awaited.
          if (whenScaled === 'Delete') await s.claimsCollected(extra, CLAIM_GC);
        },
        // The extra ordinal's claims did not exist before the step: removed once VOL-5 has been judged.
        cleanup: () => s.dropExtraClaims(),
      };
    },
  };
}
