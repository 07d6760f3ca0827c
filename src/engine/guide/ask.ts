/** How a session asks its gate about a step: the step's plan made once its victim is known. */
import type { CheckId } from '../../catalogue/types.ts';
import type { Fault, FaultEnv, Victim } from '../../faults/types.ts';
import type { AskOperator } from '../step/prepare.ts';
import { faultLabel } from '../step/prepare.ts';
import type { GateDecision, StepGate } from './gate.ts';
import { type StepAt, stepPlan } from './plan.ts';

/** The step being asked about. */
export interface AskedStep {
  readonly suite: string;
  readonly fault: Fault;
  readonly checks: readonly CheckId[];
  /** The catalogue ID. @default the fault's label */
  readonly step?: string;
  readonly at: StepAt;
}

/**
 * What asks `gate` about `s` once its victim is chosen. A gate that fails (the Job cannot be watched any
 * more) is told to `failed` before its error is thrown: nobody can answer, so no step may run unanswered.
 */
export function askOperator(
  gate: StepGate,
  s: AskedStep,
  env: Pick<FaultEnv, 'target' | 'config' | 'signal'>,
  failed: (e: Error) => void,
): AskOperator {
  return async (victim: Victim): Promise<GateDecision> => {
    const label = faultLabel(s.fault);
    const plan = stepPlan({
      at: s.at,
      suite: s.suite,
      step: s.step ?? label,
      title: `${label} ${victim.pod}`,
      fault: s.fault,
      victim,
      checks: s.checks,
      target: env.target,
      config: env.config,
    });
    try {
      return await gate.before(plan, env.signal);
    } catch (e) {
      failed(e as Error);
      throw e;
    }
  };
}
