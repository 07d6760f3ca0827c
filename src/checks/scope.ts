import type { FaultSpan, Incarnation } from '../timeline/incarnations.ts';
import type { CheckInput } from './types.ts';

export interface Bounds {
  readonly from: number;
  readonly to: number;
}

/** The part of the run a check looks at: its window, else the whole recording. */
export function bounds(input: CheckInput): Bounds {
  const { derived, window } = input;
  return { from: window?.from ?? derived.startedAt, to: window?.to ?? derived.endedAt };
}

export function within(b: Bounds, at: number): boolean {
  return at >= b.from && at <= b.to;
}

/** Whether the pod lived at some time within the bounds. */
export function livedWithin(b: Bounds, inc: Incarnation): boolean {
  return inc.createdAt <= b.to && (inc.deletedAt === undefined || inc.deletedAt >= b.from);
}

/** Faults that start in the window (and have its fault name, when it names one), optionally filtered. */
export function faultsInScope(input: CheckInput, keep: (f: FaultSpan) => boolean = () => true): FaultSpan[] {
  const b = bounds(input);
  const name = input.window?.fault;
  return input.derived.faults.filter(
    (f) => within(b, f.startedAt) && (name === undefined || f.fault === name) && keep(f),
  );
}
