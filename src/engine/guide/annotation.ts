/**
 * The operator's answer in a cluster: the annotation `sts-chaos.io/continue` on the run's own Job. Its
 * value names the step by its number in the run (the `step 3 of 14` of the plan and the log, counted over
 * every iteration, so that an answer left on the Job never answers a later step):
 *
 *     kubectl -n NS annotate job/NAME sts-chaos.io/continue=3 --overwrite        # run step 3
 *     kubectl -n NS annotate job/NAME sts-chaos.io/continue=skip:3 --overwrite   # skip step 3
 *     kubectl -n NS annotate job/NAME sts-chaos.io/continue=abort --overwrite    # abort the run
 *
 * `abort` answers whichever step waits (now or next).
 */
import type { GateDecision } from './gate.ts';

export const CONTINUE_ANNOTATION = 'sts-chaos.io/continue';

/** What the annotation's value answers for step `n`, or undefined (another step's answer, or none). */
export function decisionFor(value: string | undefined, n: number): GateDecision | undefined {
  const v = value?.trim().toLowerCase();
  if (v === undefined) return undefined;
  if (v === 'abort') return 'abort';
  if (v === String(n)) return 'continue';
  if (v.replace(/\s+/g, '') === `skip:${n}`) return 'skip';
  return undefined;
}

/** Whether the value is one the gate reads at all (a number, `skip:<number>`, `abort`). */
export function isAnswer(value: string): boolean {
  return /^\s*(\d+|skip\s*:\s*\d+|abort)\s*$/i.test(value);
}

/** The command that answers step `n` with `answer`, for the log. */
export function annotateCommand(namespace: string, job: string, n: number, answer: GateDecision): string {
  const value = answer === 'continue' ? String(n) : answer === 'skip' ? `skip:${n}` : 'abort';
  return `kubectl -n ${namespace} annotate job/${job} ${CONTINUE_ANNOTATION}=${value} --overwrite`;
}
