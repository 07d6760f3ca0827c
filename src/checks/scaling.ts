import type { Derived, StatefulSetSpecView } from '../timeline/incarnations.ts';
import { type CheckContext, type CheckMeta, defineCheck } from './define.ts';
import { skipWhenParallel } from './ordering.ts';
import { skip } from './result.ts';
import { type Bounds, within } from './scope.ts';
import type { Check, CheckResult } from './types.ts';

export interface ScaleChange {
  readonly at: number;
  readonly from: number;
  readonly to: number;
  /** The spec after the change. */
  readonly spec: StatefulSetSpecView;
}

/** Every change of spec.replicas recorded on the StatefulSet, in order. */
export function scaleChanges(derived: Derived): ScaleChange[] {
  const out: ScaleChange[] = [];
  const specs = derived.statefulSet.specs;
  for (let i = 1; i < specs.length; i++) {
    const prev = specs[i - 1]?.spec;
    const cur = specs[i];
    if (prev && cur && prev.replicas !== cur.spec.replicas)
      out.push({ at: cur.at, from: prev.replicas, to: cur.spec.replicas, spec: cur.spec });
  }
  return out;
}

/** The scale-downs (or -ups) that happened within the bounds, in order. */
export function scalingWithin(derived: Derived, b: Bounds, direction: 'down' | 'up'): ScaleChange[] {
  return scaleChanges(derived).filter(
    (c) => (direction === 'down' ? c.to < c.from : c.to > c.from) && within(b, c.at),
  );
}

/** What the catalogue says of an ordering check of scale changes, and which direction it judges. */
export interface ScalingCheckMeta extends CheckMeta {
  readonly direction: 'down' | 'up';
  /** What the controller does under Parallel instead, for the skip: "deletes pods in any order". */
  readonly parallelWhat: string;
}

/**
 * An ordering check of the scale-downs (or -ups) within the bounds: skipped when the StatefulSet is Parallel
 * or when there was none, else judged with them.
 */
export function defineScalingCheck(
  meta: ScalingCheckMeta,
  body: (ctx: CheckContext, changes: ScaleChange[]) => CheckResult,
): Check {
  const { direction, parallelWhat, ...catalogue } = meta;
  return defineCheck(catalogue, (ctx) => {
    const { derived, bounds: b } = ctx;
    const parallel = skipWhenParallel(meta.id, derived, b, parallelWhat);
    if (parallel) return parallel;
    const changes = scalingWithin(derived, b, direction);
    if (changes.length === 0) return skip(meta.id, `no scale-${direction} happened during the run`);
    return body(ctx, changes);
  });
}
