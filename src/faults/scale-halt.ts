import { WaitTimeoutError } from '../timeline/recorder.ts';
import { Duration } from '../util/duration.ts';
import { sleep } from '../util/sleep.ts';
import { breakAndProve, readinessHold, registerHeal, unbreakable } from './probe-freeze.ts';
import { scaler } from './scale-ops.ts';
import { type Fault, FaultError } from './types.ts';

/**
 * The ordering suite's halt step (ORD-4): break the readiness of one ordinal (the victim: a freeze, or
 * the break command, proven by the pod turning unready), scale R → R+1 while it is unready and hold, so
 * that the controller's halt (no new pod while a lower one is unready) can be seen; heal it, see the new
 * ordinal follow and become Ready, scale back to R. The scale-back and the heal are in the ledger before
 * anything is changed; the new ordinal's claims are removed after the checks.
 */
export function scaleHaltOnUnready(): Fault {
  return {
    name: 'scale',
    blastRadius: 'pod',
    changesTarget: true,
    variant: 'halt on unready',
    async applicable(env, victim) {
      if (env.target.statefulSet.spec?.podManagementPolicy === 'Parallel')
        return 'podManagementPolicy is Parallel: the controller does not halt a scale-up on an unready pod';
      return unbreakable(env, victim, 'readiness');
    },
    async inject(env, victim) {
      const { namespace, name, replicas, ordinalsStart } = env.target;
      const extra = `${name}-${ordinalsStart + replicas}`;
      const undo = await env.reverts.register(
        { kind: 'scale', namespace, name, replicas: String(replicas) },
        `scale ${namespace}/${name} back to ${replicas}`,
      );
      const s = scaler(env);
      let grown = false;
      try {
        const heal = await registerHeal(env, victim);
        try {
          await breakAndProve(env, victim, 'readiness');
          await s.to(replicas + 1);
          grown = true;
          const hold = readinessHold(env);
          env.log.info(
            { step: 'scale', pod: victim.pod },
            `${victim.pod} is unready and ${name} asks for ${replicas + 1}: holding ${hold} (no ${extra} may be created)`,
          );
          await sleep(hold, env.signal);
        } finally {
          await heal.revert();
        }
        // Healed: the halted scale-up must go on, and the new ordinal become Ready.
        await s.healthy(replicas + 1).catch((e) => {
          if (!(e instanceof WaitTimeoutError) || env.signal.aborted) throw e;
          throw new FaultError(
            `${extra} was not Ready within ${env.config.budget} after ${victim.pod} was healed: ${e.message}`,
          );
        });
      } catch (e) {
        // Back to R at once, and the new ordinal's claims go (they are protected until its pod is gone).
        await undo.revert();
        if (grown) await s.dropExtraClaims();
        throw e;
      }
      await undo.revert();
      return {
        expect: 'ready',
        afterRecovery: () => s.gone([extra], Duration.minutes(2)),
        cleanup: () => s.dropExtraClaims(),
      };
    },
  };
}
