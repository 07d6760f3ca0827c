/** A guided step's plan: made from the step and its victim, and said in a few lines. */
import { checkTitle } from '../../catalogue/select.ts';
import type { CheckId } from '../../catalogue/types.ts';
import type { Fault, Victim } from '../../faults/types.ts';
import type { Target } from '../target.ts';
import { type FaultPlanConfig, faultPlan } from './fault-plan.ts';
import type { StepPlan } from './gate.ts';

/** Where a step is in the run: its number from 1, the run's total when known, its iteration. */
export interface StepAt {
  readonly number: number;
  /** @default unknown */
  readonly of?: number;
  /** @default none (one iteration) */
  readonly iteration?: number;
}

/** What the plan of a step is made of. */
export interface StepPlanInput {
  readonly at: StepAt;
  readonly suite: string;
  readonly step: string;
  readonly title: string;
  readonly fault: Fault;
  readonly victim: Victim;
  readonly checks: readonly CheckId[];
  readonly target: Target;
  readonly config: FaultPlanConfig;
}

export function stepPlan(i: StepPlanInput): StepPlan {
  const { does, revert } = faultPlan(i.fault, i.victim, i.target, i.config);
  return {
    number: i.at.number,
    ...(i.at.of !== undefined ? { of: i.at.of } : {}),
    ...(i.at.iteration !== undefined ? { iteration: i.at.iteration } : {}),
    suite: i.suite,
    step: i.step,
    title: i.title,
    target: `${i.target.namespace}/${i.target.name}`,
    victim: { pod: i.victim.pod, node: i.victim.node, ordinal: i.victim.ordinal },
    does,
    checks: i.checks.map((id) => ({ id, title: checkTitle(id) })),
    revert,
  };
}

/** `step 3 of 14` (`step 3`, when the total is not known), with the iteration when there are several. */
export function stepHeading(p: Pick<StepPlan, 'number' | 'of' | 'iteration'>): string {
  return `step ${p.number}${p.of !== undefined ? ` of ${p.of}` : ''}${p.iteration !== undefined ? ` (iteration ${p.iteration})` : ''}`;
}

/** The plan as the operator reads it: a heading, then what is done, checked and reverted. */
export function planLines(p: StepPlan): string[] {
  return [
    `${stepHeading(p)}: ${p.step} on ${p.target}: ${p.title}`,
    `  does:    ${p.does}`,
    `  checks:  ${p.checks.map((c) => `${c.id} ${c.title}`).join('; ') || 'none'}`,
    `  reverts: ${p.revert}`,
  ];
}
