import type { ConditionStatus, NodeEntry } from '../types.ts';
import { closeOpen, conditionStatus, type Draft, type Span } from './common.ts';

export interface NotReadySpan extends Span {
  /** The Ready condition while not ready, as last seen in the span ('False' or 'Unknown'; 'Missing' if absent). */
  readonly status: Exclude<ConditionStatus, 'True'> | 'Missing';
}

export interface TaintSpan extends Span {
  readonly key: string;
  readonly effect: string;
  readonly value?: string;
}

export interface NodeHistory {
  readonly name: string;
  readonly createdAt: number;
  /** Spans with Ready not True, in order. */
  readonly notReady: readonly NotReadySpan[];
  readonly unschedulable: readonly Span[];
  readonly taints: readonly TaintSpan[];
  /** Each DELETED event of the Node object (it may register again). */
  readonly deletions: readonly number[];
  /** Spans during which the Node object existed. */
  readonly present: readonly Span[];
  /** Ready as last seen. */
  readonly ready: boolean;
}

/** Every Node's readiness, cordons, taints and registrations, from its watch events. */
export class NodeHistories {
  readonly byName = new Map<string, Draft<NodeHistory>>();

  onNode(e: NodeEntry): void {
    let node = this.byName.get(e.name);
    if (!node) {
      node = {
        name: e.name,
        createdAt: e.at,
        notReady: [],
        unschedulable: [],
        taints: [],
        deletions: [],
        present: [],
        ready: true,
      };
      this.byName.set(e.name, node);
    }
    const at = e.at;
    const presence = node.present.at(-1);
    if (e.type === 'DELETED') {
      node.deletions.push(at);
      if (presence && presence.to === undefined) presence.to = at;
      closeOpen(node.notReady, at);
      closeOpen(node.unschedulable, at);
      closeOpen(node.taints, at);
      node.ready = false;
      return;
    }
    if (!presence || presence.to !== undefined) {
      node.present.push({ from: at });
      node.ready = true; // a (re)registered node is Ready until its status says otherwise
    }
    const { spec, status } = e.object;

    const readyStatus = conditionStatus(status.conditions, 'Ready');
    const ready = readyStatus === 'True';
    const lastNotReady = node.notReady.at(-1);
    const open = lastNotReady && lastNotReady.to === undefined ? lastNotReady : undefined;
    if (ready) {
      if (open) open.to = at;
    } else {
      const s = readyStatus ?? 'Missing';
      if (open) open.status = s;
      else node.notReady.push({ from: at, status: s });
    }
    node.ready = ready;

    const lastUnsched = node.unschedulable.at(-1);
    const unschedOpen = lastUnsched && lastUnsched.to === undefined;
    if (spec.unschedulable && !unschedOpen) node.unschedulable.push({ from: at });
    else if (!spec.unschedulable && unschedOpen && lastUnsched) lastUnsched.to = at;

    const now = spec.taints ?? [];
    for (const t of node.taints) {
      if (t.to === undefined && !now.some((n) => n.key === t.key && n.effect === t.effect)) t.to = at;
    }
    for (const n of now) {
      if (!node.taints.some((t) => t.to === undefined && t.key === n.key && t.effect === n.effect))
        node.taints.push({ key: n.key, effect: n.effect, value: n.value, from: at });
    }
  }
}
