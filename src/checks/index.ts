import { derive } from '../timeline/incarnations.ts';
import type { Timeline } from '../timeline/types.ts';
import { adopt1Adoption } from './adopt-1-adoption.ts';
import { id1Names } from './id-1-names.ts';
import { id2Hostname } from './id-2-hostname.ts';
import { id3Dns } from './id-3-dns.ts';
import { id4Labels } from './id-4-labels.ts';
import { ord1OrderedCreation } from './ord-1-ordered-creation.ts';
import { ord2OrderedTermination } from './ord-2-ordered-termination.ts';
import { ord3RollingUpdate } from './ord-3-rolling-update.ts';
import { ord4HaltOnUnhealthy } from './ord-4-halt-on-unhealthy.ts';
import { ord5BadRelease } from './ord-5-bad-release.ts';
import { prb1Readiness } from './prb-1-readiness.ts';
import { prb2Liveness } from './prb-2-liveness.ts';
import { rec1RecoveryTime } from './rec-1-recovery-time.ts';
import { sb1OnePodPerOrdinal } from './sb-1-one-pod-per-ordinal.ts';
import { sb2NoUnfencedReplacement } from './sb-2-no-unfenced-replacement.ts';
import { sb3OldIncarnationEnds } from './sb-3-old-incarnation-ends.ts';
import { sb4OneWriter } from './sb-4-one-writer.ts';
import type { Check, CheckOptions, CheckResult, CheckWindow } from './types.ts';
import { defaultCheckOptions } from './types.ts';
import { vol1SameClaim } from './vol-1-same-claim.ts';
import { vol2SameVolume } from './vol-2-same-volume.ts';
import { vol3DataSurvives } from './vol-3-data-survives.ts';
import { vol4ClaimRecreated } from './vol-4-claim-recreated.ts';
import { vol5Retention } from './vol-5-retention.ts';
import { vol6SingleAttachment } from './vol-6-single-attachment.ts';

export type {
  Check,
  CheckInput,
  CheckOptions,
  CheckResult,
  CheckStatus,
  CheckWindow,
  Violation,
} from './types.ts';
export { checkOptions, defaultCheckOptions } from './types.ts';

/** Every check, in catalogue order. */
export const checks: readonly Check[] = [
  adopt1Adoption,
  id1Names,
  id2Hostname,
  id3Dns,
  id4Labels,
  ord1OrderedCreation,
  ord2OrderedTermination,
  ord3RollingUpdate,
  ord4HaltOnUnhealthy,
  ord5BadRelease,
  vol1SameClaim,
  vol2SameVolume,
  vol3DataSurvives,
  vol4ClaimRecreated,
  vol5Retention,
  vol6SingleAttachment,
  sb1OnePodPerOrdinal,
  sb2NoUnfencedReplacement,
  sb3OldIncarnationEnds,
  sb4OneWriter,
  rec1RecoveryTime,
  prb1Readiness,
  prb2Liveness,
];

export function checkById(id: string): Check | undefined {
  return checks.find((c) => c.id === id);
}

export interface EvaluateOptions {
  /** @default defaultCheckOptions */
  readonly options?: CheckOptions;
  readonly window?: CheckWindow;
  /** Only these check IDs, evaluated and returned in this order (a step's). @default all, in catalogue order */
  readonly ids?: readonly string[];
  /** The checks to choose from. @default checks (the registry) */
  readonly checks?: readonly Check[];
}

/**
 * Derives the timeline once and evaluates the checks on it, in the order of `ids` (else catalogue order). A check that throws is
 * reported as failed with the error, so that one bug does not hide the other results.
 */
export function evaluateAll(timeline: Timeline, opts: EvaluateOptions = {}): CheckResult[] {
  const derived = derive(timeline);
  const options = opts.options ?? defaultCheckOptions;
  const pool = opts.checks ?? checks;
  const selected = opts.ids ? opts.ids.flatMap((id) => pool.filter((c) => c.id === id)) : pool;
  return selected.map((check) => {
    try {
      return check.evaluate({ timeline, derived, options, ...(opts.window ? { window: opts.window } : {}) });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return {
        id: check.id,
        status: 'fail',
        reason: `check ${check.id} crashed: ${message}`,
        violations: [],
      };
    }
  });
}
