import type { Derived } from '../timeline/incarnations.ts';
import type { Timeline } from '../timeline/types.ts';
import { skipWithoutClaims } from './claims.ts';
import { type Bounds, bounds } from './scope.ts';
import type { Check, CheckInput, CheckOptions, CheckResult } from './types.ts';

/** What the catalogue says of a check: its ID, title and tags. */
export interface CheckMeta {
  readonly id: string;
  readonly title: string;
  readonly tags: readonly string[];
}

/** What a check's body reads: the input, its parts, and the part of the run it looks at. */
export interface CheckContext {
  readonly input: CheckInput;
  readonly timeline: Timeline;
  readonly derived: Derived;
  readonly options: CheckOptions;
  /** `bounds(input)`: the window, else the whole recording. */
  readonly bounds: Bounds;
}

export type CheckBody = (ctx: CheckContext) => CheckResult;

/** A check whose body gets the input taken apart, with its bounds. */
export function defineCheck(meta: CheckMeta, body: CheckBody): Check {
  return {
    id: meta.id,
    title: meta.title,
    tags: meta.tags,
    evaluate(input) {
      const { timeline, derived, options } = input;
      return body({ input, timeline, derived, options, bounds: bounds(input) });
    },
  };
}

/** A volume check: skipped, saying so, when the StatefulSet (as last seen in the bounds) claims no volumes. */
export function defineVolumeCheck(meta: CheckMeta, body: CheckBody): Check {
  return defineCheck(meta, (ctx) => skipWithoutClaims(meta.id, ctx.input, ctx.bounds) ?? body(ctx));
}
