import type { Incarnation, Span } from '../timeline/incarnations.ts';
import { readySpans } from '../timeline/queries.ts';
import { defineCheck } from './define.ts';
import { podRef, when } from './format.ts';
import { skip, verdict } from './result.ts';
import { within } from './scope.ts';
import type { Check, Violation } from './types.ts';

const ID = 'SB-1';

/** An object's existence, by seq so that events received in the same millisecond still order. */
function existedWhenCreated(prior: Incarnation, next: Incarnation): boolean {
  return prior.deletedSeq === undefined || prior.deletedSeq > next.createdSeq;
}

/**
 * SB-1 one pod per ordinal: at no instant do two pod objects with the same name (different UIDs) exist
 * (from ADDED to DELETED), nor two incarnations of one ordinal report Running and Ready at once.
 */
export const sb1OnePodPerOrdinal: Check = defineCheck(
  { id: ID, title: 'one pod per ordinal', tags: ['split-brain', 'identity'] },
  ({ derived, bounds: b }) => {
    if (derived.ordinals.size === 0)
      return skip(ID, `no pod of StatefulSet ${derived.target.name} was recorded`);
    const violations: Violation[] = [];
    let incarnations = 0;
    let replacements = 0;
    for (const list of derived.ordinals.values()) {
      incarnations += list.length;
      // A later incarnation that appeared, or turned Ready, in the bounds is one an overlap is looked for with.
      for (const inc of list.slice(1))
        if (within(b, inc.createdAt) || readySpans(inc).some((r) => within(b, r.from))) replacements += 1;
      // Objects: sorted by creation, so an overlap shows with the longest-lived earlier incarnation.
      let longest: Incarnation | undefined;
      for (const inc of list) {
        if (longest && existedWhenCreated(longest, inc) && within(b, inc.createdAt))
          violations.push({
            at: inc.createdAt,
            ordinal: inc.ordinal,
            message: `two pod objects named ${inc.name} existed at once: ${podRef(inc)} appeared at ${when(derived, inc.createdAt)} while ${podRef(longest)} ${longest.deletedAt === undefined ? 'was never deleted' : `was only deleted at ${when(derived, longest.deletedAt)}`}`,
          });
        if (
          !longest ||
          (longest.deletedSeq !== undefined &&
            (inc.deletedSeq === undefined || inc.deletedSeq > longest.deletedSeq))
        )
          longest = inc;
      }
      // Running and Ready: spans of different incarnations must not overlap.
      const spans: { span: Span; inc: Incarnation }[] = [];
      for (const inc of list)
        for (const span of readySpans(inc)) if (inc.runningAt !== undefined) spans.push({ span, inc });
      spans.sort((x, y) => x.span.from - y.span.from);
      let open: { span: Span; inc: Incarnation } | undefined;
      for (const s of spans) {
        if (
          open &&
          open.inc !== s.inc &&
          (open.span.to === undefined || open.span.to > s.span.from) &&
          within(b, s.span.from)
        )
          violations.push({
            at: s.span.from,
            ordinal: s.inc.ordinal,
            message: `two incarnations of ${s.inc.name} were Running and Ready at once from ${when(derived, s.span.from)}: ${podRef(open.inc)} and ${podRef(s.inc)}`,
          });
        // keep the span that reaches furthest
        if (!open || (open.span.to !== undefined && (s.span.to === undefined || s.span.to > open.span.to)))
          open = s;
      }
    }
    if (replacements === 0 && violations.length === 0)
      return skip(
        ID,
        `no pod was replaced during the run (${derived.ordinals.size} ordinals, ${incarnations} incarnations): with one incarnation per ordinal no two pods of one name could overlap`,
      );
    return verdict(
      ID,
      violations,
      `${derived.ordinals.size} ordinals, ${incarnations} incarnations: never two pod objects of one name, never two Ready incarnations at once`,
      { ordinals: derived.ordinals.size, incarnations },
    );
  },
);
