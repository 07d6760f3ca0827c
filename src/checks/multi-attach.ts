import type { Attachment, Derived, Incarnation } from '../timeline/incarnations.ts';
import { taintedAt } from '../timeline/queries.ts';
import { attachmentOn, volumeRef } from './attachments.ts';
import { podRef, span, when } from './format.ts';
import type { Bounds } from './scope.ts';

/**
 * Multi-Attach waits: a pod of the target waiting because its volume is still attached to another node.
 * The attach/detach controller says so once per pod and volume, with a `FailedAttachVolume` Event whose
 * message is `Multi-Attach error for volume "<pv>" Volume is already exclusively attached to one node and
 * can't be attached to another` (or `… Volume is already used by pod(s) …` while a pod on the other node
 * still wants it): pkg/controller/volume/attachdetach/reconciler, reportMultiAttachError.
 */
export const MULTI_ATTACH = /Multi-Attach error for volume "([^"]+)"/;

/** The attach/detach controller's maxWaitForUnmountDuration: past it, a volume still mounted is force-detached. */
export const MAX_WAIT_FOR_UNMOUNT_MS = 6 * 60_000;
/** Watch delays: a detach this much earlier than the 6 minutes still counts as the forced one. */
const FORCE_TOLERANCE_MS = 5_000;
const OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';

/** What let the volume go from the old node. */
export type WaitEnd =
  | 'detach after unmount'
  | '6-minute force detach'
  | 'out-of-service taint'
  | 'node deletion';

export interface MultiAttachWait {
  readonly volume: string;
  /** The waiting pod and its node. */
  readonly pod: Incarnation;
  readonly node: string;
  /** The first Multi-Attach event. */
  readonly from: number;
  /** When the volume was attached to the pod's node (undefined: not by the end). */
  readonly to?: number;
  /** The attachment on another node that held the volume. */
  readonly old?: Attachment;
  /** What let the old attachment go (undefined: it was not seen detached). */
  readonly end?: WaitEnd;
}

/** The Multi-Attach waits whose first event is within the bounds, in order. */
export function multiAttachWaits(derived: Derived, b: Bounds): MultiAttachWait[] {
  const waits: MultiAttachWait[] = [];
  for (const pod of derived.byUid.values()) {
    const seen = new Set<string>();
    for (const ev of pod.events) {
      const volume =
        ev.reason === 'FailedAttachVolume' ? MULTI_ATTACH.exec(ev.message ?? '')?.[1] : undefined;
      if (volume === undefined || seen.has(volume)) continue;
      seen.add(volume);
      if (ev.at < b.from || ev.at > b.to) continue;
      waits.push(waitOf(derived, pod, volume, ev.at));
    }
  }
  return waits.sort((x, y) => x.from - y.from);
}

function waitOf(derived: Derived, pod: Incarnation, volume: string, from: number): MultiAttachWait {
  const node = pod.node ?? '';
  const list = derived.attachments.get(volume) ?? [];
  const to = attachmentOn(derived, volume, node, from, derived.endedAt)?.attachedAt;
  // The attachment elsewhere attached when the wait began, else the last one elsewhere made before it.
  const elsewhere = list.filter((a) => a.node !== node && a.createdAt <= from);
  const old =
    elsewhere.find(
      (a) => a.attachedAt !== undefined && a.attachedAt <= from && (a.detachedAt ?? Infinity) > from,
    ) ?? elsewhere.at(-1);
  const end = old ? endOf(derived, pod, old) : undefined;
  return {
    volume,
    pod,
    node,
    from,
    ...(to === undefined ? {} : { to: Math.max(to, from) }),
    ...(old ? { old } : {}),
    ...(end ? { end } : {}),
  };
}

/**
 * Why the old attachment went, judged at its detach request (else its detach): its node deleted; its node
 * tainted out-of-service; the detach asked 6 minutes (maxWaitForUnmountDuration) or more after the old pod
 * on that node was gone, so the controller gave up waiting for the unmount; else a detach after the unmount.
 */
function endOf(derived: Derived, pod: Incarnation, old: Attachment): WaitEnd | undefined {
  const at = old.detachRequestedAt ?? old.detachedAt;
  if (at === undefined) return undefined;
  const node = derived.nodes.get(old.node);
  if (node?.deletions.some((d) => d >= (old.attachedAt ?? old.createdAt) && d <= at)) return 'node deletion';
  if (node && taintedAt(node, OUT_OF_SERVICE, at)) return 'out-of-service taint';
  const gone = previousOn(derived, pod, old.node)?.deletedAt;
  return gone !== undefined && at - gone >= MAX_WAIT_FOR_UNMOUNT_MS - FORCE_TOLERANCE_MS
    ? '6-minute force detach'
    : 'detach after unmount';
}

/** The last earlier incarnation of the pod's ordinal on `node`: the pod the volume stayed attached for. */
export function previousOn(derived: Derived, pod: Incarnation, node: string): Incarnation | undefined {
  const list = derived.ordinals.get(pod.ordinal) ?? [];
  const i = list.indexOf(pod);
  return list
    .slice(0, i < 0 ? list.length : i)
    .filter((p) => p.node === node)
    .at(-1);
}

/**
 * "data-web-1 (pvc-…): Multi-Attach wait 6m2s on lab-n2 for web-1 (uid …), ended by 6-minute force detach
 * from lab-n1 (…)", or, not over, since when and where the volume stayed.
 */
export function describeWait(derived: Derived, w: MultiAttachWait): string {
  const head = `${volumeRef(derived, w.volume, w.from)}: Multi-Attach wait`;
  const who = `on ${w.node || 'an unknown node'} for ${podRef(w.pod)}`;
  const oldNode = w.old?.node ?? 'another node';
  if (w.to === undefined)
    return `${head} ${who} from ${when(derived, w.from)}, not over by the end (${span(derived.endedAt - w.from)}; still attached to ${oldNode}${w.old?.detachRequestedAt === undefined ? '' : `, detach asked at ${when(derived, w.old.detachRequestedAt)}`})`;
  const by = w.end ? `${w.end} from ${oldNode}` : `a detach from ${oldNode} that was not recorded`;
  return `${head} ${span(w.to - w.from)} ${who}, ended by ${by}${detail(derived, w)}`;
}

/** When the old attachment was asked to go and went, and, for a forced detach, since when its pod was gone. */
function detail(derived: Derived, w: MultiAttachWait): string {
  const old = w.old;
  if (!old || old.detachedAt === undefined) return '';
  const parts = [
    ...(old.detachRequestedAt === undefined
      ? []
      : [`detach asked at ${when(derived, old.detachRequestedAt)}`]),
    `detached at ${when(derived, old.detachedAt)}`,
  ];
  const prev = previousOn(derived, w.pod, old.node);
  if (
    w.end === '6-minute force detach' &&
    prev?.deletedAt !== undefined &&
    old.detachRequestedAt !== undefined
  )
    parts.push(`${span(old.detachRequestedAt - prev.deletedAt)} after ${podRef(prev)} was gone`);
  return ` (${parts.join(', ')})`;
}
