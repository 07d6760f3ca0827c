/**
 * The samples of recovery times in reports: every judged step is one sample of its fault (its catalogue
 * ID, else its fault's name), with `recovery.total` and each phase of its `recovery` (ms). Not samples:
 * a step in error (the fault had no effect), a skipped step, a step without `recovery` (REC-1 skipped or
 * not judged on it), and a step whose recovery never completed (its times are those of the ordinals that
 * did recover, not the fault's: REC-1 fails it).
 */
import type { RunReport, StepReport } from '../report/types.ts';

/** The samples of one fault: how many steps, and the values of each phase. */
export interface FaultSamples {
  readonly steps: number;
  readonly phases: ReadonlyMap<string, readonly number[]>;
}

/** The name a step's samples are pooled under: its catalogue ID, or its fault's name. */
export function faultKey(step: StepReport): string {
  return typeof step.step === 'string' ? step.step : String(step.fault);
}

/** Whether `step` is a sample (see the file's comment). */
export function isSample(step: StepReport): boolean {
  // A report read from a file: its steps are checked here, not trusted.
  if (typeof step !== 'object' || step === null || !Array.isArray(step.results)) return false;
  if (step.error !== undefined || typeof step.recovery !== 'object' || step.recovery === null) return false;
  if (!isTime(step.recovery.total)) return false;
  // A recovery that never completed: the run's own recovery wait timed out.
  if (step.timing && step.timing.recoveredAt === undefined) return false;
  // Skipped: not one check judged.
  return step.results.length === 0 || step.results.some((r) => r?.status !== 'skip');
}

/** The samples of every fault in `reports`, faults in the order first seen. */
export function samplesOf(reports: readonly Pick<RunReport, 'steps'>[]): Map<string, FaultSamples> {
  const out = new Map<string, { steps: number; phases: Map<string, number[]> }>();
  for (const report of reports) {
    for (const step of report.steps) {
      if (!isSample(step)) continue;
      const key = faultKey(step);
      let f = out.get(key);
      if (!f) {
        f = { steps: 0, phases: new Map() };
        out.set(key, f);
      }
      f.steps += 1;
      for (const [phase, ms] of Object.entries(step.recovery ?? {})) {
        if (!isTime(ms)) continue;
        const values = f.phases.get(phase) ?? [];
        values.push(ms);
        f.phases.set(phase, values);
      }
    }
  }
  return out;
}

function isTime(ms: unknown): ms is number {
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0;
}
