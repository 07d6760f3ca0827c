import type { CheckId } from '../../catalogue/types.ts';
import { checkOptions, evaluateAll } from '../../checks/index.ts';
import type { CheckResult } from '../../checks/types.ts';
import type { StepContext } from './context.ts';
import type { Evidence } from './evidence.ts';

/** The step's window: from its start (before the health wait) to the end of its evidence. */
export interface StepWindow {
  readonly from: number;
  readonly to: number;
  readonly fault: string;
}

/** The fourth part of a step: every check asked for, judged on the timeline as recorded, in one pass. */
export function judge(
  ctx: StepContext,
  ids: readonly CheckId[],
  window: StepWindow,
  evidence: Evidence = {},
): CheckResult[] {
  const { config } = ctx;
  return evaluateAll(ctx.recorder.store.timeline(), {
    ids,
    window,
    options: checkOptions({
      budget: config.budget,
      ...(config.roleQuery ? { primaryValues: config.roleQuery.primaryValues } : {}),
      dnsBudget: config.dnsBudget,
      ...(evidence.dnsUnsampled ? { dnsUnsampled: evidence.dnsUnsampled } : {}),
    }),
  });
}
