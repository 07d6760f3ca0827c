import type { SampleEntry } from '../timeline/types.ts';
import { defineCheck } from './define.ts';
import { incarnationsOnNode, isNodeLoss, nodeBackAt } from './faults.ts';
import { ordinalNames, podRef, span, when } from './format.ts';
import { skip, verdict } from './result.ts';
import { faultsInScope, within } from './scope.ts';
import type { Check, CheckInput, Violation } from './types.ts';

const ID = 'SB-4';

/**
 * The incarnations on a lost node whose role nobody could read while the node was lost (their kubelet
 * unreachable, or their pod object already gone): said, never dropped silently.
 */
function notObserved(input: CheckInput, samples: readonly SampleEntry[]): string[] {
  const { derived } = input;
  const out: string[] = [];
  for (const f of faultsInScope(input, isNodeLoss)) {
    if (f.node === undefined) continue;
    const until = nodeBackAt(derived, f) ?? derived.endedAt;
    for (const inc of incarnationsOnNode(derived, f.node, f.startedAt)) {
      const mine = samples.filter((s) => s.uid === inc.uid && s.at >= f.startedAt && s.at <= until);
      if (mine.some((s) => s.ok)) continue;
      const failed = mine.filter((s) => !s.ok);
      const last = failed.at(-1);
      out.push(
        `${podRef(inc)} on lost node ${f.node} not observed from ${when(derived, f.startedAt)} to ${when(derived, until)} (${last ? `${failed.length} role queries failed, last: ${last.value.slice(0, 120)}` : 'no role query reached it: its pod object was gone or not running'})`,
      );
    }
  }
  return out;
}

/**
 * SB-4 one writer: role samples never show two ordinals as primary at once. Two primary samples from
 * different ordinals count as simultaneous when they are at most `roleOverlap` apart and the earlier ordinal
 * has not answered anything else (a non-primary role) in between.
 */
export const sb4OneWriter: Check = defineCheck(
  { id: ID, title: 'one writer', tags: ['split-brain', 'optional'] },
  (input) => {
    const { derived, options, bounds: b } = input;
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
    const unseen = notObserved(input, samples);
    const also = unseen.length > 0 ? `; ${unseen.join('; ')}` : '';
    if (okSamples === 0)
      return skip(ID, `all ${samples.length} role samples failed: no role was observed${also}`);
    if (answered.size < 2)
      return skip(
        ID,
        `role samples answered from only ${ordinalNames(derived.target.name, [...answered])} (${okSamples} samples): two primaries at once need roles from at least two ordinals${also}`,
      );
    return verdict(
      ID,
      violations,
      `${okSamples} role samples: never two primaries within ${options.roleOverlap} (primaries seen: ${ordinalNames(derived.target.name, [...primaries]) || 'none'})${also}`,
      { samples: okSamples, notObserved: unseen.length },
    );
  },
);
