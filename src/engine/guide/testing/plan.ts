/** A step plan for the gates' tests. */
import type { StepPlan } from '../gate.ts';

export function aPlan(over: Partial<StepPlan> = {}): StepPlan {
  return {
    number: 3,
    of: 14,
    suite: 'identity',
    step: 'identity/pod-kill-forced',
    title: 'pod-kill (forced) web-2',
    target: 'demo/web',
    victim: { pod: 'web-2', node: 'n2', ordinal: 2 },
    does: 'delete pod demo/web-2 (on node n2) with grace period 0 (forced)',
    checks: [{ id: 'ID-1', title: 'stable pod name' }],
    revert: 'nothing to revert',
    ...over,
  };
}
