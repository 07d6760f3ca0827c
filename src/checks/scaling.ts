import type { Derived, StatefulSetSpecView } from '../timeline/incarnations.ts';

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
