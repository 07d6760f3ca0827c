import type { FaultSpan, Incarnation } from '../timeline/incarnations.ts';
import { faultEnd } from '../timeline/queries.ts';
import { probeBreaks } from './faults.ts';
import { list, podRef, when } from './format.ts';
import { skip, verdict } from './result.ts';
import type { CheckInput, CheckResult, Violation } from './types.ts';

/** One probe break being judged, with what its messages start from. */
export interface BrokenProbe {
  readonly fault: FaultSpan;
  /** The pod the fault's ordinal had when the break began. */
  readonly inc: Incarnation;
  /** When the probe was healed (the fault's end or revert), if it was. */
  readonly healed: number | undefined;
  /** "<probe> probe of <pod> broken at <when>", to open messages with. */
  readonly broke: string;
  /** A violation about this break's pod. */
  violation(at: number, message: string): void;
  /** A line of the reason (what this break did, when it passed). */
  note(text: string): void;
}

/**
 * A probe check: judges each break of that kind of probe in scope. Skipped when there is none (or none hit a
 * pod); else fails with the violations, or passes with the notes. Measures `breaks`, then `extra()`.
 */
export function judgeProbeBreaks(
  id: string,
  input: CheckInput,
  probe: 'readiness' | 'liveness',
  judge: (brk: BrokenProbe) => void,
  extra: () => Record<string, number> = () => ({}),
): CheckResult {
  const { derived } = input;
  const { found, breaks, notes } = probeBreaks(input, probe);
  if (found === 0) return skip(id, `no ${probe} probe was broken during the run`);
  const violations: Violation[] = [];
  for (const { fault, inc } of breaks)
    judge({
      fault,
      inc,
      healed: faultEnd(fault),
      broke: `${probe} probe of ${podRef(inc)} broken at ${when(derived, fault.startedAt)}`,
      violation: (at, message) => violations.push({ at, ordinal: inc.ordinal, message }),
      note: (text) => notes.push(text),
    });
  if (breaks.length === 0) return skip(id, list(notes));
  return verdict(id, violations, list(notes), { breaks: breaks.length, ...extra() });
}
