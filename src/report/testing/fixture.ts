/**
 * A small synthetic run for the report tests: web-0..web-2 on nodes n1/n2, a graceful pod kill of web-2
 * (recreated on n2) and a process kill of web-1 (restarted in place). Results are written by hand, not by
 * the checks, so that the reports are tested independently of them: VOL-3 fails on the first step with
 * one violation on web-2, ID-3 is skipped on both steps, the rest pass.
 */
import type { CheckResult } from '../../checks/types.ts';
import { TimelineBuilder, ts } from '../../timeline/testing/builder.ts';
import type { Timeline } from '../../timeline/types.ts';
import type { RunReport, StepReport } from '../types.ts';

/** The VOL-3 violation message: quotes, markup, an ampersand and a control character, to test escaping. */
export const VIOLATION_MESSAGE = 'web-2 read "m0" <expected \'m2\'> & lost the marker\u0001';
export const FAIL_REASON = VIOLATION_MESSAGE;
export const SKIP_REASON = 'ID-3 needs to run inside the cluster; this run is outside it';
export const VIOLATION_AT = ts(17);

export function fixtureTimeline(): Timeline {
  const b = new TimelineBuilder().steadyState();
  b.at(10)
    .step('pod-kill')
    .faultStart('pod-kill', { ordinal: 2 })
    .podTerminating(2, 30)
    .at(12)
    .podDeleted(2)
    .faultEnd('pod-kill', { ordinal: 2 })
    .at(13)
    .podCreated(2, { node: 'n2' })
    .podScheduled(2, 'n2')
    .at(14)
    .podRunning(2)
    .at(16)
    .podReady(2);
  b.at(25)
    .faultStart('process-kill', { ordinal: 1 })
    .podRestarted(1)
    .at(25.5)
    .faultEnd('process-kill', { ordinal: 1 })
    .at(27)
    .podReady(1);
  return b.build(35);
}

const pass = (id: string, reason = `${id} held`): CheckResult => ({
  id,
  status: 'pass',
  reason,
  violations: [],
});
export const skip = (id: string, reason: string): CheckResult => ({
  id,
  status: 'skip',
  reason,
  violations: [],
});

/** Step 1: VOL-3 fails with one violation on web-2, ID-3 skipped, the rest pass. */
export function podKillStep(): StepReport {
  return {
    title: 'pod-kill (graceful) web-2',
    suite: 'pod-faults',
    fault: 'pod-kill',
    ordinal: 2,
    node: 'n1',
    startedAt: ts(10),
    endedAt: ts(20),
    results: [
      pass('ID-1'),
      skip('ID-3', SKIP_REASON),
      {
        id: 'VOL-3',
        status: 'fail',
        reason: FAIL_REASON,
        violations: [{ at: VIOLATION_AT, ordinal: 2, message: VIOLATION_MESSAGE }],
      },
      pass('SB-1'),
      pass('REC-1', 'every ordinal Ready again within 6s'),
    ],
    recovery: { deletion: 2000, scheduling: 1000, attach: 0, start: 1000, ready: 2000, total: 6000 },
  };
}

/** Step 2: everything passes but ID-3 (skipped). */
export function processKillStep(): StepReport {
  return {
    title: 'process-kill web-1',
    suite: 'pod-faults',
    fault: 'process-kill',
    ordinal: 1,
    node: 'n2',
    startedAt: ts(25),
    endedAt: ts(32.5),
    results: [pass('ID-1'), skip('ID-3', SKIP_REASON), pass('VOL-3'), pass('SB-1'), pass('REC-1')],
    recovery: { deletion: 0, scheduling: 0, attach: 0, start: 500, ready: 1500, total: 2000 },
  };
}

export function fixtureSteps(): StepReport[] {
  return [podKillStep(), processKillStep()];
}

/** The run report of the fixture: failed (VOL-3), exit code 1. */
export function fixtureReport(overrides: Partial<RunReport> = {}): RunReport {
  return {
    tool: { name: 'sts-chaos', version: '0.1.0' },
    runId: 'run-20250101-120000',
    target: { namespace: 'ns', name: 'web' },
    startedAt: ts(0),
    finishedAt: ts(35),
    outcome: 'failed',
    exitCode: 1,
    reason: '1 check failed: VOL-3',
    steps: fixtureSteps(),
    preflight: ['web: 3/3 Ready on n1, n2', 'policy OrderedReady, 1 claim template (data)'],
    leftovers: [],
    timeline: fixtureTimeline(),
    ...overrides,
  };
}
