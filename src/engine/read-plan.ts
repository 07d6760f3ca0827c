import type { KubeEvent, Pod } from '../kube/objects.ts';

/** What the VOL-3 reads that overlap a recovery look at, on each recorded event. */
export interface ReadPlanInput {
  /** Ordinals not read yet. */
  readonly pending: Iterable<number>;
  /** The pod each ordinal has now (as recorded), if any. */
  readonly podOf: (ordinal: number) => Pod | undefined;
  readonly victimOrdinal: number;
  /** The uid of the pod the fault hit. */
  readonly victimUid: string;
  /** Whether the victim ordinal's pod shows what the fault expects (a new uid, a restart). */
  readonly victimChanged: (pod: Pod) => boolean;
  /** The target container. */
  readonly container: string;
  /** The recorded Events of the namespace (asked only when a pod could be tried early). */
  readonly events: () => readonly KubeEvent[];
  /** Pod uids already tried early (once each). */
  readonly tried: ReadonlySet<string>;
}

export interface ReadPlan {
  /** Read now, as usual: the pod's status says the container runs (the victim's: once it changed). */
  readonly now: number[];
  /**
   * Try once now: a new pod (not the victim's old one) whose container the kubelet reported Started,
   * while its status does not say running yet (a PLEG period, up to 1 s, comes between the two).
   */
  readonly early: { readonly ordinal: number; readonly uid: string }[];
}

function running(p: Pod, container: string): boolean {
  return (p.status?.containerStatuses ?? []).some((c) => c.name === container && !!c.state?.running);
}

/** Which pending ordinals to read now, and which new pods to try early. */
export function planReads(input: ReadPlanInput): ReadPlan {
  const now: number[] = [];
  const early: { ordinal: number; uid: string }[] = [];
  let started: Set<string> | undefined;
  const fieldPath = `spec.containers{${input.container}}`;
  for (const i of input.pending) {
    const p = input.podOf(i);
    if (!p || p.metadata?.deletionTimestamp) continue;
    const uid = p.metadata.uid;
    if (running(p, input.container)) {
      if (i !== input.victimOrdinal || input.victimChanged(p)) now.push(i);
      continue;
    }
    if (uid === input.victimUid || input.tried.has(uid)) continue;
    started ??= new Set(
      input
        .events()
        .filter((e) => e.reason === 'Started' && e.involvedObject?.fieldPath === fieldPath)
        .flatMap((e) => (e.involvedObject?.uid ? [e.involvedObject.uid] : [])),
    );
    if (started.has(uid)) early.push({ ordinal: i, uid });
  }
  return { now, early };
}
