import type { FaultId, SuiteName } from '../config/types.ts';
import type { Fault } from '../faults/types.ts';

/** Every check of the catalogue (docs/guarantees.md), by ID; src/checks has one file per check. */
export type CheckId =
  | 'ADOPT-1'
  | 'ID-1'
  | 'ID-2'
  | 'ID-3'
  | 'ID-4'
  | 'ORD-1'
  | 'ORD-2'
  | 'ORD-3'
  | 'ORD-4'
  | 'ORD-5'
  | 'VOL-1'
  | 'VOL-2'
  | 'VOL-3'
  | 'VOL-4'
  | 'VOL-5'
  | 'VOL-6'
  | 'SB-1'
  | 'SB-2'
  | 'SB-3'
  | 'SB-4'
  | 'REC-1'
  | 'PRB-1'
  | 'PRB-2';

/** Tags in test titles, for --grep and --skip. */
export type StepTag = 'Disruptive' | 'NodeFault' | 'Update' | 'BadRelease' | 'Recreate';

/** One fault step: a fault made fresh for the step, and the checks judged on its window. */
export interface StepDef {
  /** Unique in the catalogue: `<suite>/<fault>[-<variant>]`, e.g. `identity/pod-kill-forced`. */
  readonly id: string;
  readonly fault: FaultId;
  /** e.g. "graceful", "readiness": the step's tag in test titles is `[<fault> <variant>]`. */
  readonly variant?: string;
  /** What the step does, for `plan` and `list` (e.g. "destroys that ordinal's data"). */
  readonly note?: string;
  readonly tags: readonly StepTag[];
  /** The checks judged on the step, in the order they are reported. */
  readonly checks: readonly CheckId[];
  /** Makes the fault (a new one for every run of the step). */
  readonly make: () => Fault;
}

export interface SuiteDef {
  readonly id: SuiteName;
  /** One line: what the suite shows. */
  readonly summary: string;
  readonly steps: readonly StepDef[];
}
