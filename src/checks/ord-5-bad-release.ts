import type { Derived, FaultSpan } from '../timeline/incarnations.ts';
import {
  expectedOrdinals,
  faultEnd,
  incarnationAt,
  readyAtTime,
  specAt,
  successorOf,
} from '../timeline/queries.ts';
import { UPDATE_STEPS } from '../timeline/types.ts';
import { defineCheck } from './define.ts';
import { list, ordinalNames, podRef, podState, when } from './format.ts';
import { fail, pass, skip } from './result.ts';
import { maxUnavailableOf, podRevision, replacements, stepMarks } from './rollout.ts';
import { type Bounds, faultsInScope } from './scope.ts';
import type { Check, Violation } from './types.ts';

const ID = 'ORD-5';

/** One bad release judged: its violations, or what the reason says of it. */
interface Judged {
  readonly violations: Violation[];
  readonly summary: string;
  readonly forced: boolean;
}

/**
 * ORD-5 bad release contained: for each `bad-release` fault in scope, the broken period runs from its
 * start to its `rollback` step mark (else its end or revert). The bad revision is that of the first pod
 * replaced by one of another revision in that period. Contained means: only the highest ordinal (when its
 * index is at or above the partition) was replaced; every other ordinal kept its pod (UID), revision and
 * readiness, and had no deletion requested until the highest was Ready again on another revision; by the
 * horizon (the next bad release, else the window's end) no pod is on the bad revision and every ordinal is
 * Ready. A forced rollback (its step mark) is no failure: the reason says the rollback needed it.
 */
export const ord5BadRelease: Check = defineCheck(
  { id: ID, title: 'bad release contained', tags: ['ordering', 'update'] },
  ({ input, derived, bounds: b }) => {
    const faults = faultsInScope(input, (f) => f.fault === 'bad-release');
    if (faults.length === 0) return skip(ID, 'no bad release was made during the run');
    const violations: Violation[] = [];
    const summaries: string[] = [];
    const notes: string[] = [];
    let forced = 0;
    faults.forEach((f, i) => {
      const horizon = faults[i + 1]?.startedAt ?? b.to;
      const r = judgeRelease(derived, f, { from: f.startedAt, to: horizon });
      if (typeof r === 'string') notes.push(r);
      else {
        violations.push(...r.violations);
        summaries.push(r.summary);
        if (r.forced) forced += 1;
      }
    });
    if (violations.length === 0 && summaries.length === 0) return skip(ID, list(notes));
    const measurements = { badReleases: summaries.length, forcedRollbacks: forced };
    if (violations.length > 0) return fail(ID, violations, measurements);
    return pass(ID, list([...summaries, ...notes.map((n) => `not judged: ${n}`)]), measurements);
  },
);

/** One bad release from its start to `horizon.to`: judged, or why it cannot be (a string). */
function judgeRelease(derived: Derived, f: FaultSpan, horizon: Bounds): Judged | string {
  const start = f.startedAt;
  const at = when(derived, start);
  const rollback = stepMarks(derived, UPDATE_STEPS.rollback, start, horizon.to)[0]?.at ?? faultEnd(f);
  if (rollback === undefined)
    return `the bad release at ${at} has no rollback step mark, fault-end or revert: its broken period has no end`;
  const changed = replacements(derived, { from: start, to: rollback }).sort(
    (x, y) => x.next.createdAt - y.next.createdAt,
  );
  const first = changed[0];
  if (!first)
    return `no pod was replaced by one of another revision between the bad release at ${at} and the rollback at ${when(derived, rollback)}: nothing was touched`;
  const bad = first.revision;
  const good = changed.find(
    (u) => u.revision === bad && u.next.readyAt[0] !== undefined && u.next.readyAt[0] <= horizon.to,
  );
  if (good)
    return `the release was not bad: ${podRef(good.next)} on revision ${bad} was Ready at ${when(derived, good.next.readyAt[0] as number)}`;

  const spec = specAt(derived, start);
  const ordinals = expectedOrdinals(spec);
  const top = ordinals.at(-1) as number;
  const allowed = top - spec.ordinalsStart >= spec.partition ? top : undefined;
  const healed = healedAt(derived, top, bad, rollback) ?? horizon.to;
  const violations: Violation[] = [];
  if (first.ordinal !== allowed)
    violations.push({
      at: first.deletedAt,
      ordinal: first.ordinal,
      message: `bad release at ${at}: ${podRevision(first.old)} was the first replaced, by ${podRef(first.next)} on the bad revision ${bad} at ${when(derived, first.next.createdAt)}, ${allowed === undefined ? `although the partition ${spec.partition} leaves no ordinal to update` : `not the highest ordinal ${derived.target.name}-${top}`}`,
    });
  const kept: number[] = [];
  for (const o of ordinals) {
    // The highest may be replaced; a lower one replaced first is named above already.
    if (o === allowed || (o === first.ordinal && violations.length > 0)) continue;
    const v = touched(derived, o, { start, rollback, healed, bad });
    if (v) violations.push(v);
    else kept.push(o);
  }
  violations.push(...wholeAt(derived, horizon.to, bad));
  const max = maxUnavailableOf(spec);
  const [head] = violations;
  if (head && max > 1)
    violations[0] = {
      ...head,
      message: `${head.message} (maxUnavailable ${spec.maxUnavailable}: the controller replaces up to ${max} pods at once, so a bad release breaks up to ${max} ordinals)`,
    };

  const forcedMark = stepMarks(derived, UPDATE_STEPS.forcedRollback, start, horizon.to)[0];
  const policy = typeof f.details.policy === 'string' ? f.details.policy : spec.podManagementPolicy;
  const version = typeof f.details.k8sVersion === 'string' ? `, Kubernetes ${f.details.k8sVersion}` : '';
  const image = typeof f.details.badImage === 'string' ? `image ${f.details.badImage}, ` : '';
  const waited = first.next.waiting.at(-1);
  const broken = waited ? `waiting ${waited.reason} at ${when(derived, waited.at)}` : 'never Ready';
  const forcedNote = forcedMark
    ? `; rollback needed a manual pod deletion (forced rollback) of ${forcedMark.details?.pod ?? first.next.name} (uid ${forcedMark.details?.uid ?? 'unknown'}) at ${when(derived, forcedMark.at)}`
    : '; the controller rolled back by itself';
  return {
    violations,
    forced: forcedMark !== undefined,
    summary: `bad release at ${at} (${image}${policy}${version}): only ${first.next.name} was replaced, by ${podRef(first.next)} on revision ${bad} (${broken}); ${kept.length > 0 ? `${ordinalNames(derived.target.name, kept)} kept their pods, revisions and readiness` : 'no other ordinal'} until the rollback at ${when(derived, rollback)}${healed < horizon.to ? ` and the set was whole at ${when(derived, healed)}` : ''}${forcedNote}`,
  };
}

/**
 * When the highest ordinal was Ready again after the rollback on another revision than the bad one: the
 * first Ready of such an incarnation.
 */
function healedAt(derived: Derived, top: number, bad: string, rollback: number): number | undefined {
  const incs = derived.ordinals.get(top) ?? [];
  for (const inc of incs) {
    if (inc.revision === bad) continue;
    const ready = inc.readyAt.find((t) => t >= rollback);
    if (ready !== undefined) return ready;
  }
  return undefined;
}

/** Why ordinal o was touched by the bad release (its first problem), or undefined when it was not. */
function touched(
  derived: Derived,
  o: number,
  p: { readonly start: number; readonly rollback: number; readonly healed: number; readonly bad: string },
): Violation | undefined {
  const name = `${derived.target.name}-${o}`;
  const at = when(derived, p.start);
  const inc = incarnationAt(derived, o, p.start);
  if (!inc)
    return { at: p.start, ordinal: o, message: `bad release at ${at}: ${name} had no pod when it began` };
  const ref = podRevision(inc);
  const deleted = inc.deletionRequestedAt;
  if (deleted !== undefined && deleted <= p.healed) {
    const next = successorOf(derived, inc);
    const by = next
      ? `; replaced by ${podRef(next)} on revision ${next.revision ?? 'unknown'}${next.revision === p.bad ? ' (the bad one)' : ''}`
      : '';
    return {
      at: deleted,
      ordinal: o,
      message: `bad release at ${at}: ${ref} had its deletion requested at ${when(derived, deleted)}, before the highest ordinal was Ready again after the rollback: a second pod touched${by}`,
    };
  }
  if (!readyAtTime(inc, p.start))
    return { at: p.start, ordinal: o, message: `bad release at ${at}: ${ref} was not Ready when it began` };
  const unready = inc.unreadyAt.find((t) => t >= p.start && t <= p.rollback);
  if (unready !== undefined)
    return {
      at: unready,
      ordinal: o,
      message: `bad release at ${at}: ${ref} was not Ready from ${when(derived, unready)}, before the rollback at ${when(derived, p.rollback)}`,
    };
  return undefined;
}

/** At t: every ordinal of the spec has a pod Ready and not terminating, and none is on the bad revision. */
function wholeAt(derived: Derived, t: number, bad: string): Violation[] {
  const out: Violation[] = [];
  const end = `at the end (${when(derived, t)})`;
  for (const o of expectedOrdinals(specAt(derived, t))) {
    const inc = incarnationAt(derived, o, t);
    if (!inc) {
      out.push({ at: t, ordinal: o, message: `${end} ${derived.target.name}-${o} had no pod` });
      continue;
    }
    const waited = inc.waiting.at(-1);
    const terminating = inc.deletionRequestedAt !== undefined && inc.deletionRequestedAt <= t;
    if (inc.revision === bad)
      out.push({
        at: t,
        ordinal: o,
        message: `${end} ${podRef(inc)} was still on the bad revision ${bad}${waited ? ` (waiting ${waited.reason} since ${when(derived, waited.at)})` : ''}`,
      });
    else if (!readyAtTime(inc, t) || terminating)
      out.push({
        at: t,
        ordinal: o,
        message: `${end} ${podRevision(inc)} was not Ready: ${podState(derived, inc)}`,
      });
  }
  return out;
}
