import { derive } from '../../timeline/incarnations.ts';
import type { Timeline } from '../../timeline/types.ts';
import type { Check, CheckOptions, CheckResult, CheckWindow } from '../types.ts';
import { checkOptions } from '../types.ts';

/** Evaluates one check on a timeline, with default options unless some are given. */
export function run(
  check: Check,
  timeline: Timeline,
  options: Partial<CheckOptions> = {},
  window?: CheckWindow,
): CheckResult {
  return check.evaluate({
    timeline,
    derived: derive(timeline),
    options: checkOptions(options),
    ...(window ? { window } : {}),
  });
}
