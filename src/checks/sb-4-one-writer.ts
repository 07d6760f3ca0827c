import type { SampleEntry } from '../timeline/types.ts';
import { defineCheck } from './define.ts';
import { ordinalNames, span, when } from './format.ts';
import { skip, verdict } from './result.ts';
import { within } from './scope.ts';
import type { Check, Violation } from './types.ts';

const ID = 'SB-4';

/**
 * SB-4 one writer: role samples never show two ordinals as primary at once. Two primary samples from
 * different ordinals count as simultaneous when they are at most `roleOverlap` apart and the earlier ordinal
 * has not answered anything else (a non-primary role) in between.
 */
export const sb4OneWriter: Check = defineCheck(
  { id: ID, title: 'one writer', tags: ['split-brain', 'optional'] },
  ({ derived, options, bounds: b }) => {
    const samples = derived.samples.role.filter((s) => within(b, s.at));
    if (samples.length === 0)
      return skip(ID, 'no role samples were recorded (no role query configured for this workload)');
    const overlap = options.roleOverlap.toMilliseconds();
    const primary = new Set(options.primaryValues.map((v) => v.trim().toLowerCase()));
    const isPrimary = (s: SampleEntry) => s.ok && primary.has(s.value.trim().toLowerCase());

    const violations: Violation[] = [];
    /** Ordinals whose latest answered role is primary → that sample. */
    const current = new Map<number, SampleEntry>();
    const primaries = new Set<number>();
    let okSamples = 0;
    /** Ordinals that answered a role: two writers need two of them. */
    const answered = new Set<number>();
    for (const s of samples) {
      if (!s.ok) continue;
      okSamples += 1;
      answered.add(s.ordinal);
      if (!isPrimary(s)) {
        current.delete(s.ordinal);
        continue;
      }
      primaries.add(s.ordinal);
      for (const [ordinal, other] of current) {
        if (s.at - other.at > overlap) {
          current.delete(ordinal);
          continue;
        }
        if (ordinal !== s.ordinal)
          violations.push({
            at: s.at,
            ordinal: s.ordinal,
            message: `two primaries: ${s.pod}${s.uid ? ` (uid ${s.uid})` : ''} said "${s.value}" at ${when(derived, s.at)} and ${other.pod}${other.uid ? ` (uid ${other.uid})` : ''} said "${other.value}" at ${when(derived, other.at)}, ${span(s.at - other.at)} apart`,
          });
      }
      current.set(s.ordinal, s);
    }
    if (okSamples === 0) return skip(ID, `all ${samples.length} role samples failed: no role was observed`);
    if (answered.size < 2)
      return skip(
        ID,
        `role samples answered from only ${ordinalNames(derived.target.name, [...answered])} (${okSamples} samples): two primaries at once need roles from at least two ordinals`,
      );
    return verdict(
      ID,
      violations,
      `${okSamples} role samples: never two primaries within ${options.roleOverlap} (primaries seen: ${ordinalNames(derived.target.name, [...primaries]) || 'none'})`,
      { samples: okSamples },
    );
  },
);
