import type { Derived, FaultSpan, Incarnation } from '../timeline/incarnations.ts';
import { faultEnd, incarnationAt } from '../timeline/queries.ts';
import { when } from './format.ts';
import { faultsInScope } from './scope.ts';
import type { CheckInput } from './types.ts';

export function isNodeLoss(f: FaultSpan): boolean {
  return f.fault === 'node-loss';
}

/** Which probe a probe-breakage fault breaks: details.probe, else guessed from the fault name. */
export function brokenProbe(f: FaultSpan): 'readiness' | 'liveness' | undefined {
  const p = f.details.probe;
  if (p === 'readiness' || p === 'liveness') return p;
  if (/readiness/i.test(f.fault)) return 'readiness';
  if (/liveness/i.test(f.fault)) return 'liveness';
  return undefined;
}

/** A probe break and the pod it hit. */
export interface ProbeBreak {
  readonly fault: FaultSpan;
  readonly inc: Incarnation;
}

/**
 * The breaks of one kind of probe in the check's scope, each with the pod that ordinal had when it began:
 * `found` counts them all, `notes` says why any was left out (no ordinal named, no pod at that time).
 */
export function probeBreaks(
  input: CheckInput,
  probe: 'readiness' | 'liveness',
): { found: number; breaks: ProbeBreak[]; notes: string[] } {
  const { derived } = input;
  const faults = faultsInScope(input, (f) => brokenProbe(f) === probe);
  const breaks: ProbeBreak[] = [];
  const notes: string[] = [];
  for (const fault of faults) {
    const inc =
      fault.ordinal === undefined ? undefined : incarnationAt(derived, fault.ordinal, fault.startedAt);
    if (inc) breaks.push({ fault, inc });
    else
      notes.push(
        fault.ordinal === undefined
          ? `${probe} break at ${when(derived, fault.startedAt)} names no ordinal`
          : `${derived.target.name}-${fault.ordinal} had no pod at ${when(derived, fault.startedAt)}`,
      );
  }
  return { found: faults.length, breaks, notes };
}

/** Whether the fault was acting at t: from its start to its end (or revert), open-ended without one. */
export function activeAt(f: FaultSpan, t: number): boolean {
  const end = faultEnd(f);
  return f.startedAt <= t && (end === undefined || t <= end);
}

/** The faults that change the pod template of the whole set (no ordinal on their marks). */
export function isUpdateFault(f: FaultSpan): boolean {
  return f.fault === 'rolling-update' || f.fault === 'bad-release';
}

/**
 * A fault aimed at this incarnation (by ordinal, or at its node) was acting at t. Update faults never are,
 * even should their marks name an ordinal: they replace pods through the controller, which ORD-3 judges.
 */
export function faultAt(derived: Derived, inc: Incarnation, t: number): FaultSpan | undefined {
  return derived.faults.find(
    (f) =>
      !isUpdateFault(f) &&
      activeAt(f, t) &&
      (f.ordinal === inc.ordinal || (f.node !== undefined && f.node === inc.node)),
  );
}

/** The node a node-loss fault took down, and whether it left the containers running (true unless said). */
export function nodeLossOf(f: FaultSpan): { node?: string; containersLeftRunning: boolean } {
  return { node: f.node, containersLeftRunning: f.details.containersLeftRunning !== false };
}

/** One `node-containers` observation: what the node's own runtime ran, of the target's pods. */
export interface NodeObservation {
  readonly at: number;
  readonly node: string;
  readonly podUids: readonly string[];
  readonly containers: readonly string[];
}

/** The `node-containers` observations of `node` from `from` to `to` (inclusive), in time order. */
export function nodeObservations(
  derived: Derived,
  node: string,
  from: number,
  to: number,
): NodeObservation[] {
  // A look made on the node itself (the node agent's witness) is recorded later: its own time counts.
  const at = (m: (typeof derived.marks)[number]) =>
    typeof m.details?.observedAt === 'number' ? m.details.observedAt : m.at;
  return derived.marks
    .filter(
      (m) =>
        m.mark === 'note' &&
        at(m) >= from &&
        at(m) <= to &&
        (m.node ?? m.details?.node) === node &&
        m.details?.observation === 'node-containers' &&
        Array.isArray(m.details.podUids),
    )
    .map((m) => ({
      at: at(m),
      node,
      podUids: m.details?.podUids as string[],
      containers: Array.isArray(m.details?.containers) ? (m.details.containers as string[]) : [],
    }))
    .sort((a, b) => a.at - b.at);
}

/**
 * When the kubelet of a lost node was back: the fault's end (or revert) mark, else the first time the node
 * turned Ready again after a not-ready span that began during the fault.
 */
export function nodeBackAt(derived: Derived, f: FaultSpan): number | undefined {
  const end = faultEnd(f);
  if (end !== undefined) return end;
  const node = f.node === undefined ? undefined : derived.nodes.get(f.node);
  const span = node?.notReady.find((s) => s.from >= f.startedAt && s.to !== undefined);
  return span?.to;
}

/** Incarnations on the fault's node that existed when it started. */
export function incarnationsOnNode(derived: Derived, node: string, at: number): Incarnation[] {
  const out: Incarnation[] = [];
  for (const list of derived.ordinals.values())
    for (const inc of list)
      if (inc.node === node && inc.createdAt <= at && (inc.deletedAt === undefined || inc.deletedAt > at))
        out.push(inc);
  return out.sort((a, b) => a.ordinal - b.ordinal);
}
