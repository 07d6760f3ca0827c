/**
 * Which baseline reports a run is compared with: those of the same StatefulSet. A report directory of a
 * run of several targets holds one report per target, and their steps share catalogue IDs: pooled, a slow
 * target's samples would hide a fast one's regression. So each new target is compared with the baseline's
 * reports of that target; a baseline of one target only (another copy of the workload, renamed) is
 * compared as it is, and said so; a baseline of several targets without this one gives nothing to compare.
 */
export interface TargetRef {
  readonly namespace: string;
  readonly name: string;
}

/** A report as the pairing sees it: its target, and whatever else the caller keeps. */
export interface Targeted {
  readonly target: TargetRef;
}

/** One new target's reports and the baseline's it is compared with. */
export interface TargetPair<B extends Targeted, C extends Targeted = B> {
  readonly target: string;
  readonly baseline: readonly B[];
  readonly current: readonly C[];
  /** Why the baseline is not this target's own reports (another target's, or none), when it is not. */
  readonly note?: string;
}

export const targetKey = (t: TargetRef): string => `${t.namespace}/${t.name}`;

function keysOf(reports: readonly Targeted[]): string[] {
  return [...new Set(reports.map((r) => targetKey(r.target)))];
}

/** Pairs each target of `current` (in order) with the baseline reports it is compared with. */
export function pairByTarget<B extends Targeted, C extends Targeted = B>(
  baseline: readonly B[],
  current: readonly C[],
): TargetPair<B, C>[] {
  const baseTargets = keysOf(baseline);
  return keysOf(current).map((target) => {
    const mine = current.filter((r) => targetKey(r.target) === target);
    const same = baseline.filter((r) => targetKey(r.target) === target);
    if (same.length) {
      const others = baseTargets.filter((t) => t !== target);
      return {
        target,
        baseline: same,
        current: mine,
        ...(others.length
          ? { note: `${target}: compared with its own baseline reports (${others.join(', ')} left out)` }
          : {}),
      };
    }
    const [only] = baseTargets;
    if (baseTargets.length === 1 && only)
      return {
        target,
        baseline,
        current: mine,
        note: `${target}: compared with the baseline of ${only} (the baseline holds no other StatefulSet)`,
      };
    return {
      target,
      baseline: [],
      current: mine,
      note: `${target}: no baseline report of it (the baseline holds ${baseTargets.join(', ') || 'none'})`,
    };
  });
}
