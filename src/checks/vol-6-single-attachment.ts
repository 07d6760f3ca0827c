import type { Attachment, Derived } from '../timeline/incarnations.ts';
import { watchForbidden } from '../timeline/queries.ts';
import { accessModesOf, attachmentsUnwatched, claimOfVolume, singleNode, volumeRef } from './attachments.ts';
import { defineVolumeCheck } from './define.ts';
import { count, list, span, when } from './format.ts';
import { describeWait, multiAttachWaits } from './multi-attach.ts';
import { skip, verdict } from './result.ts';
import type { Bounds } from './scope.ts';
import type { Check, Violation } from './types.ts';

const ID = 'VOL-6';

/** An attachment's attached span: from status.attached true to its detach (or the end of the recording). */
interface Attached {
  readonly a: Attachment;
  readonly from: number;
  readonly to: number;
}

function attachedSpans(derived: Derived, attachments: readonly Attachment[]): Attached[] {
  return attachments.flatMap((a) =>
    a.attachedAt === undefined ? [] : [{ a, from: a.attachedAt, to: a.detachedAt ?? derived.endedAt }],
  );
}

/** Whether anything of the attachment happened in the bounds (a preexisting one's first sight does not count). */
function changedWithin(a: Attachment, b: Bounds): boolean {
  const times = [a.detachRequestedAt, a.detachedAt, ...(a.preexisting ? [] : [a.createdAt, a.attachedAt])];
  return times.some((t) => t !== undefined && t >= b.from && t <= b.to);
}

/** Two attached spans of one volume on different nodes that overlap within the bounds. */
function overlaps(derived: Derived, volume: string, spans: readonly Attached[], b: Bounds): Violation[] {
  const out: Violation[] = [];
  for (let i = 0; i < spans.length; i++) {
    for (let j = i + 1; j < spans.length; j++) {
      const [x, y] = [spans[i] as Attached, spans[j] as Attached].sort((p, q) => p.from - q.from) as [
        Attached,
        Attached,
      ];
      if (x.a.node === y.a.node) continue;
      const from = Math.max(x.from, y.from);
      const to = Math.min(x.to, y.to);
      if (from >= to || to < b.from || from > b.to) continue;
      const modes = accessModesOf(derived, volume, from);
      const still =
        x.a.detachedAt === undefined
          ? 'still attached at the end'
          : `detached at ${when(derived, x.a.detachedAt)}${x.a.detachRequestedAt === undefined ? '' : ` (detach asked at ${when(derived, x.a.detachRequestedAt)})`}`;
      out.push({
        at: from,
        ordinal: claimOfVolume(derived, volume, from)?.ordinal,
        message: `${volumeRef(derived, volume, from)}${modes.length ? ` (${modes.join('/')})` : ''} was attached to two nodes at once for ${span(to - from)}: to ${x.a.node} since ${when(derived, x.from)} (${x.a.name}, ${still}) and to ${y.a.node} from ${when(derived, y.from)} (${y.a.name})`,
      });
    }
  }
  return out;
}

/**
 * Each attach of a volume in the bounds: "data-web-1 (pvc-…): lab-n1 → lab-n2, detached at …, attached at …"
 * after an attach elsewhere, "re-attached to lab-n1, …" after one on the same node, "attached to lab-n1 at …"
 * for its first.
 */
function attaches(derived: Derived, volume: string, spans: readonly Attached[], b: Bounds): string[] {
  const out: string[] = [];
  const sorted = [...spans].sort((p, q) => p.from - q.from);
  sorted.forEach((next, i) => {
    if (next.a.preexisting || next.from < b.from || next.from > b.to) return;
    const ref = volumeRef(derived, volume, next.from);
    const prev = sorted[i - 1];
    if (!prev) {
      out.push(`${ref}: attached to ${next.a.node} at ${when(derived, next.from)}`);
      return;
    }
    const where =
      prev.a.node === next.a.node ? `re-attached to ${next.a.node}` : `${prev.a.node} → ${next.a.node}`;
    const detached =
      prev.a.detachedAt === undefined ? 'never detached' : `detached at ${when(derived, prev.a.detachedAt)}`;
    out.push(`${ref}: ${where}, ${detached}, attached at ${when(derived, next.from)}`);
  });
  return out;
}

/**
 * VOL-6 single attachment: a ReadWriteOnce (or ReadWriteOncePod) volume of the target is never attached
 * (VolumeAttachment status.attached) to two nodes at overlapping times. Every Multi-Attach wait (a pod kept
 * waiting because its volume was still attached elsewhere) is named with its length and what ended it:
 * reported, never a failure by itself.
 */
export const vol6SingleAttachment: Check = defineVolumeCheck(
  { id: ID, title: 'single attachment', tags: ['volume'] },
  ({ derived, bounds: b }) => {
    const forbidden = attachmentsUnwatched(derived);
    if (forbidden)
      return skip(
        ID,
        `${forbidden}: the attachments of the target's volumes were not recorded (list and watch on volumeattachments.storage.k8s.io, cluster-wide, are needed)`,
      );
    const live = [...derived.attachments.values()]
      .flat()
      .filter((a) => a.createdAt <= b.to && (a.deletedAt === undefined || a.deletedAt >= b.from));
    if (live.length === 0)
      return skip(
        ID,
        "the target's volumes have no attach step (no VolumeAttachment: e.g. hostPath or local volumes)",
      );
    const volumes = new Set(live.map((a) => a.volume));
    const waits = multiAttachWaits(derived, b);
    if (!live.some((a) => changedWithin(a, b)) && waits.length === 0)
      return skip(
        ID,
        `no attachment of the target's volumes changed in the window: each of ${count(volumes.size, 'volume')} stayed attached to its node, nothing moved to compare`,
      );

    const violations: Violation[] = [];
    const moved: string[] = [];
    const shared: string[] = [];
    let judged = 0;
    for (const volume of volumes) {
      const spans = attachedSpans(derived, derived.attachments.get(volume) ?? []);
      const modes = accessModesOf(derived, volume, b.to);
      if (!singleNode(modes)) {
        shared.push(`${volumeRef(derived, volume, b.to)} (${modes.join('/')})`);
        continue;
      }
      judged += 1;
      violations.push(...overlaps(derived, volume, spans, b));
      moved.push(...attaches(derived, volume, spans, b));
    }
    if (judged === 0)
      return skip(
        ID,
        `the target's volumes may be attached to several nodes: ${list(shared)} (no ReadWriteOnce volume to judge)`,
      );

    const waited = waits.map((w) => describeWait(derived, w));
    const eventsForbidden = watchForbidden(derived, 'Event');
    const waitText = waited.length
      ? `Multi-Attach waits: ${list(waited)}`
      : eventsForbidden
        ? `Multi-Attach waits not seen: ${eventsForbidden}`
        : 'no Multi-Attach wait';
    const longest = Math.max(0, ...waits.map((w) => (w.to ?? derived.endedAt) - w.from));
    const measurements = { compared: judged, multiAttachWaits: waits.length, longestMultiAttachMs: longest };
    const result = verdict(
      ID,
      violations,
      `${count(judged, 'ReadWriteOnce volume')} never attached to two nodes at once (${moved.length ? `attached in the window: ${list(moved)}` : 'no attach in the window'})${shared.length ? `; not judged, several nodes may attach them: ${list(shared)}` : ''}; ${waitText}`,
      measurements,
    );
    // A failure names the waits too: they are what the cluster did about the second attachment.
    return result.status === 'fail' && waited.length
      ? { ...result, reason: `${result.reason}; ${waitText}` }
      : result;
  },
);
