import type { Derived, FaultSpan, Incarnation } from '../timeline/incarnations.ts';
import { controllerAt, expectedOrdinals, incarnationAt, specAt, successorOf } from '../timeline/queries.ts';
import { RECREATE_STEPS } from '../timeline/types.ts';
import { defineCheck } from './define.ts';
import { list, ordinalNames, podRef, span, when } from './format.ts';
import {
  isRecreate,
  oldObject,
  type Recreated,
  recreateDetails,
  recreatedBy,
  recreateHorizon,
} from './recreate.ts';
import { fail, pass, skip } from './result.ts';
import { revisionsAfterAdoption } from './revision-history.ts';
import { faultsInScope } from './scope.ts';
import type { Check, Violation } from './types.ts';

const ID = 'ADOPT-1';

/** One recreate judged: its violations, or what the reason says of it. */
interface Judged {
  readonly violations: Violation[];
  readonly summary: string;
  readonly adopted: number;
  readonly slowestMs: number;
}

/**
 * ADOPT-1 adoption: for each `recreate` fault of variant `orphan` in scope (the StatefulSet deleted with
 * `propagationPolicy: Orphan`, then created again from its saved spec), from its start to its end (or the
 * next recreate, or the window's end): every ordinal of the spec keeps the pod it had at the start (same UID,
 * no deletion requested, no other pod created), its containers' restartCount does not grow, its revision
 * label does not change, and by the end its controller ownerReference names the new StatefulSet (the UID of
 * the `sts-created` step mark, else the object seen after the old one). The revision history must agree:
 * the new StatefulSet's last status has currentRevision = updateRevision, the pods' revision
 * (./revision-history.ts). Each adoption is timed from the re-creation.
 */
export const adopt1Adoption: Check = defineCheck(
  { id: ID, title: 'adoption', tags: ['identity', 'recreate'] },
  ({ input, derived, bounds: b }) => {
    const faults = faultsInScope(input, (f) => isRecreate(f) && recreateDetails(f).variant === 'orphan');
    if (faults.length === 0)
      return skip(ID, 'no StatefulSet was deleted with its pods orphaned and re-created during the run');
    const violations: Violation[] = [];
    const summaries: string[] = [];
    const notes: string[] = [];
    let adopted = 0;
    let slowestMs = 0;
    faults.forEach((f, i) => {
      const r = judgeAdoption(derived, f, recreateHorizon(f, faults[i + 1], b.to));
      if (typeof r === 'string') notes.push(r);
      else {
        violations.push(...r.violations);
        summaries.push(r.summary);
        adopted += r.adopted;
        slowestMs = Math.max(slowestMs, r.slowestMs);
      }
    });
    if (summaries.length === 0) return skip(ID, list(notes));
    const measurements = { adopted, slowestAdoptionMs: slowestMs };
    if (violations.length > 0) return fail(ID, violations, measurements);
    return pass(ID, list([...summaries, ...notes.map((n) => `not judged: ${n}`)]), measurements);
  },
);

/** One orphaning re-creation from its start to `to`: judged, or why it cannot be (a string). */
function judgeAdoption(derived: Derived, f: FaultSpan, to: number): Judged | string {
  const set = derived.target.name;
  const start = f.startedAt;
  const old = oldObject(derived, f).uid;
  const deleted = `StatefulSet ${set}${old ? ` (uid ${old})` : ''} deleted with its pods orphaned at ${when(derived, start)}`;
  const created = recreatedBy(derived, f, to);
  if (!created)
    return `${deleted} was not re-created by ${when(derived, to)} (no ${RECREATE_STEPS.created} step mark, and no other StatefulSet object of that name was seen): no pod could be adopted`;

  const violations: Violation[] = [];
  const adoptions: string[] = [];
  const kept: Incarnation[] = [];
  const absent: number[] = [];
  let slowestMs = 0;
  for (const o of expectedOrdinals(specAt(derived, start))) {
    const inc = incarnationAt(derived, o, start);
    if (!inc) {
      absent.push(o);
      continue;
    }
    const changed = podChanges(derived, inc, start, to);
    violations.push(...changed);
    if (changed.some((v) => v.replaced)) continue;
    kept.push(inc);
    const owner = ownership(derived, inc, created, old, to);
    if (typeof owner === 'string') violations.push({ at: to, ordinal: o, message: owner });
    else {
      slowestMs = Math.max(slowestMs, owner.delayMs);
      adoptions.push(owner.text);
    }
  }
  if (kept.length === 0 && violations.length === 0)
    return `${deleted}: no ordinal of the spec had a pod then (${ordinalNames(set, absent)}), so none was orphaned`;
  const revisions = revisionsAfterAdoption(derived, kept, created, to);
  if (revisions.violations.length > 0) violations.push(...revisions.violations);

  const how = created.marked ? '' : ` (no ${RECREATE_STEPS.created} step mark: the new object as first seen)`;
  const missing =
    absent.length > 0 ? `; not judged: ${ordinalNames(set, absent)} had no pod at the start` : '';
  return {
    violations,
    adopted: adoptions.length,
    slowestMs,
    summary: `${deleted}, re-created at ${when(derived, created.at)} (uid ${created.uid})${how}: ${list(adoptions, 5, ', ')}; no pod restarted, deleted or created; ${revisions.summary}${missing}`,
  };
}

type PodViolation = Violation & { readonly replaced?: boolean };

/** What happened to the orphaned pod from `from` to `to` that adoption must not do: deletion, restarts, relabel. */
function podChanges(derived: Derived, inc: Incarnation, from: number, to: number): PodViolation[] {
  const out: PodViolation[] = [];
  const during = `during the adoption (the StatefulSet deleted with its pods orphaned at ${when(derived, from)})`;
  const asked = inc.deletionRequestedAt;
  if (asked !== undefined && asked <= to) {
    const next = successorOf(derived, inc);
    const gone = inc.deletedAt === undefined ? '' : `, gone at ${when(derived, inc.deletedAt)}`;
    const by =
      next && next.createdAt <= to
        ? `; replaced by ${podRef(next)} created at ${when(derived, next.createdAt)}`
        : '';
    out.push({
      at: asked,
      ordinal: inc.ordinal,
      replaced: true,
      message: `${podRef(inc)} had its deletion requested at ${when(derived, asked)}${gone}${by} ${during}: an orphaned pod is adopted, never replaced`,
    });
  }
  for (const r of inc.restarts)
    if (r.at >= from && r.at <= to)
      out.push({
        at: r.at,
        ordinal: inc.ordinal,
        message: `${podRef(inc)} restarted ${during}: container ${r.container} restartCount ${r.from}→${r.to} at ${when(derived, r.at)}`,
      });
  for (const c of inc.revisionChanges)
    if (c.at >= from && c.at <= to)
      out.push({
        at: c.at,
        ordinal: inc.ordinal,
        message: `${podRef(inc)} changed its controller-revision-hash ${c.from}→${c.to} at ${when(derived, c.at)} ${during}`,
      });
  return out;
}

/** The pod's controller at `to`: adopted by the new StatefulSet (text, delay), or what is wrong (a string). */
function ownership(
  derived: Derived,
  inc: Incarnation,
  created: Recreated,
  old: string | undefined,
  to: number,
): { readonly text: string; readonly delayMs: number } | string {
  const owner = controllerAt(inc, to);
  const end = `at the end (${when(derived, to)})`;
  if (owner?.uid === created.uid) {
    const adoptedAt = inc.controllers.find((c) => c.uid === created.uid && c.at <= to)?.at ?? to;
    const delayMs = Math.max(0, adoptedAt - created.at);
    return {
      delayMs,
      text: `${podRef(inc)} adopted by the new StatefulSet (uid ${created.uid}) ${span(delayMs)} after it was created`,
    };
  }
  if (owner?.uid === undefined)
    return `${podRef(inc)} left orphaned: ${end} it had no controller ownerReference, not the new StatefulSet (uid ${created.uid})`;
  if (owner.uid === old)
    return `${podRef(inc)} left orphaned: ${end} its controller was still the old StatefulSet (uid ${old}), which no longer exists, not the new one (uid ${created.uid})`;
  return `${podRef(inc)} not adopted: ${end} its controller was ${owner.kind ?? 'an object'} ${owner.name ?? ''} (uid ${owner.uid}), not the new StatefulSet (uid ${created.uid})`;
}
