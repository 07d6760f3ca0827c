import type {
  ControllerRecord,
  Derived,
  FaultSpan,
  Incarnation,
  NodeHistory,
  Span,
  StatefulSetObject,
  StatefulSetSpecView,
  StatefulSetStatusView,
} from './incarnations.ts';
import type { ResourceKind } from './types.ts';

/** Point-in-time questions over derived histories. A span covers [from, to). */

export function inSpan(span: Span, t: number): boolean {
  return span.from <= t && (span.to === undefined || t < span.to);
}

/** The pod object existed at t (from its first event to its DELETED event). */
export function liveAt(inc: Incarnation, t: number): boolean {
  return inc.createdAt <= t && (inc.deletedAt === undefined || t < inc.deletedAt);
}

/** Spans during which the incarnation reported Ready=True; a span ends at unready or at DELETED. */
export function readySpans(inc: Incarnation): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i < inc.readyAt.length; i++) {
    const from = inc.readyAt[i] as number;
    const to = inc.unreadyAt[i] ?? inc.deletedAt;
    spans.push(to === undefined ? { from } : { from, to });
  }
  return spans;
}

export function readyAtTime(inc: Incarnation, t: number): boolean {
  for (let i = 0; i < inc.readyAt.length; i++) {
    const from = inc.readyAt[i] as number;
    if (from > t) return false;
    const to = inc.unreadyAt[i] ?? inc.deletedAt;
    if (to === undefined || t < to) return true;
  }
  return false;
}

/** The incarnation of `ordinal` that existed at t (the newest, should there be two). */
export function incarnationAt(derived: Derived, ordinal: number, t: number): Incarnation | undefined {
  const list = derived.ordinals.get(ordinal);
  if (!list) return undefined;
  for (let i = list.length - 1; i >= 0; i--) {
    const inc = list[i] as Incarnation;
    if (liveAt(inc, t)) return inc;
  }
  return undefined;
}

/** The pod's controller at t: the last record at or before t (the first, before any). */
export function controllerAt(inc: Incarnation, t: number): ControllerRecord | undefined {
  let found = inc.controllers[0];
  for (const c of inc.controllers) {
    if (c.at <= t) found = c;
    else break;
  }
  return found;
}

/** The incarnation created right after `inc` for the same ordinal. */
export function successorOf(derived: Derived, inc: Incarnation): Incarnation | undefined {
  const list = derived.ordinals.get(inc.ordinal) ?? [];
  const i = list.indexOf(inc);
  return i >= 0 ? list[i + 1] : undefined;
}

/** The StatefulSet spec in force at t: the last recorded at or before t, else the first, else the target's. */
export function specAt(derived: Derived, t: number): StatefulSetSpecView {
  const specs = derived.statefulSet.specs;
  let found: StatefulSetSpecView | undefined;
  for (const s of specs) {
    if (s.at <= t) found = s.spec;
    else break;
  }
  if (found) return found;
  if (specs[0]) return specs[0].spec;
  const { target } = derived;
  return {
    replicas: target.replicas,
    serviceName: target.serviceName,
    podManagementPolicy: target.podManagementPolicy,
    updateStrategy: 'RollingUpdate',
    partition: 0,
    minReadySeconds: 0,
    ordinalsStart: target.ordinalsStart,
    whenDeleted: 'Retain',
    whenScaled: 'Retain',
    claimTemplates: target.claimTemplates,
  };
}

/**
 * The StatefulSet object (one UID) that existed at t: seen at or before t and not yet DELETED (it may be
 * terminating). Undefined between a deletion and the next creation, and before the first event.
 */
export function statefulSetAt(derived: Derived, t: number): StatefulSetObject | undefined {
  const objects = derived.statefulSet.objects;
  for (let i = objects.length - 1; i >= 0; i--) {
    const o = objects[i] as StatefulSetObject;
    if (o.firstSeenAt <= t && (o.deletedAt === undefined || t < o.deletedAt)) return o;
  }
  return undefined;
}

/** The object seen last at or before t, whether or not it still existed then (undefined before the first). */
export function lastStatefulSetBy(derived: Derived, t: number): StatefulSetObject | undefined {
  let found: StatefulSetObject | undefined;
  for (const o of derived.statefulSet.objects) {
    if (o.firstSeenAt <= t) found = o;
    else break;
  }
  return found;
}

/** The StatefulSet's status as last recorded at or before t (undefined before the first). */
export function statusAt(derived: Derived, t: number): StatefulSetStatusView | undefined {
  let found: StatefulSetStatusView | undefined;
  for (const s of derived.statefulSet.statuses) {
    if (s.at <= t) found = s;
    else break;
  }
  return found;
}

/** The Node object existed at t and its Ready condition was True. */
export function nodeReadyAt(node: NodeHistory, t: number): boolean {
  return nodeExistsAt(node, t) && !node.notReady.some((s) => inSpan(s, t));
}

/** Whether the Node object existed at t (it may have been deleted and registered again). */
export function nodeExistsAt(node: NodeHistory, t: number): boolean {
  return node.present.some((s) => inSpan(s, t));
}

export function taintedAt(node: NodeHistory, key: string, t: number): boolean {
  return node.taints.some((s) => s.key === key && inSpan(s, t));
}

/**
 * Why the recorder could not watch `kind` (its `watch-forbidden` note), or undefined when it could: a check
 * that needs the kind then skips with this reason rather than read the absence of its objects as a fact.
 */
export function watchForbidden(derived: Derived, kind: ResourceKind): string | undefined {
  for (const m of derived.marks) {
    const d = m.details;
    if (m.mark === 'note' && d?.observation === 'watch-forbidden' && d.resource === kind)
      return typeof d.reason === 'string' ? d.reason : `cannot watch ${kind}`;
  }
  return undefined;
}

/** When a fault stopped acting: its fault-end mark, else its revert mark. */
export function faultEnd(fault: FaultSpan): number | undefined {
  if (fault.endedAt === undefined) return fault.revertedAt;
  if (fault.revertedAt === undefined) return fault.endedAt;
  return Math.min(fault.endedAt, fault.revertedAt);
}

/** [start, start + replicas) */
export function expectedOrdinals(spec: StatefulSetSpecView): number[] {
  return Array.from({ length: spec.replicas }, (_, i) => spec.ordinalsStart + i);
}
