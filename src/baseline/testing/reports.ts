/**
 * Small synthetic reports for the baseline tests: runs of given recovery times, one step per sample.
 */
import type { CheckResult } from '../../checks/types.ts';
import type { RunReport, StepReport } from '../../report/types.ts';

const REC1: CheckResult = { id: 'REC-1', status: 'pass', reason: 'Ready again', violations: [] };

/** A judged step of `step` (a catalogue ID) whose recovery took `total` ms, `ready` of it in the ready phase. */
export function sample(
  step: string,
  total: number,
  phases: Readonly<Record<string, number>> = {},
  overrides: Partial<StepReport> = {},
): StepReport {
  const fault = step.split('/')[1]?.replace(/-(graceful|forced)$/, '') ?? step;
  return {
    title: `${step} web-2`,
    suite: step.split('/')[0] ?? 'identity',
    step,
    fault,
    ordinal: 2,
    startedAt: 1000,
    endedAt: 1000 + total + 500,
    results: [REC1],
    recovery: { ...phases, total },
    timing: { injectedAt: 1000, recoveredAt: 1000 + total, verdictAt: 1000 + total + 100 },
    ...overrides,
  };
}

let runs = 0;

/** A run report holding `steps`. */
export function run(steps: readonly StepReport[], overrides: Partial<RunReport> = {}): RunReport {
  runs += 1;
  return {
    tool: { name: 'sts-chaos', version: '0.1.0' },
    runId: `run-${runs}`,
    target: { namespace: 'sts-demo', name: 'web' },
    startedAt: 0,
    finishedAt: 60_000,
    outcome: 'passed',
    exitCode: 0,
    steps,
    preflight: [],
    leftovers: [],
    timeline: {
      target: {
        namespace: 'sts-demo',
        name: 'web',
        serviceName: 'web',
        replicas: 3,
        ordinalsStart: 0,
        podManagementPolicy: 'OrderedReady',
        claimTemplates: ['data'],
      },
      startedAt: 0,
      endedAt: 60_000,
      entries: [],
    },
    ...overrides,
  };
}

/** One run per total, each with one sample of `step` (ready = total - 500 ms). */
export function runsOf(step: string, totals: readonly number[]): RunReport[] {
  return totals.map((t) => run([sample(step, t, { ready: Math.max(0, t - 500) })]));
}
