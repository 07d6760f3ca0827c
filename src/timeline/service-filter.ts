/**
 * Which Services and EndpointSlices of the namespace the recorder keeps: every Service that selects the
 * target's pods (PRB-1 judges the ready endpoints of each, not only the governing Service's), and every
 * EndpointSlice that ever listed one of the target's pods or belongs to the governing Service. A slice
 * once kept stays kept, so that its update that drops the pod is recorded too.
 */

interface ServiceLike {
  readonly metadata?: { readonly name?: string };
  readonly spec?: { readonly selector?: Readonly<Record<string, string>> };
}

interface SliceLike {
  readonly metadata?: { readonly name?: string; readonly labels?: Readonly<Record<string, string>> };
  readonly endpoints?: readonly { readonly targetRef?: { readonly kind?: string; readonly name?: string } }[];
}

/** Whether a Service's selector (non-empty) selects pods carrying `podLabels`. */
export function selects(svc: ServiceLike, podLabels: Readonly<Record<string, string>>): boolean {
  const sel = Object.entries(svc.spec?.selector ?? {});
  return sel.length > 0 && sel.every(([k, v]) => podLabels[k] === v);
}

export function serviceFilter(
  governing: string,
  podLabels: Readonly<Record<string, string>>,
): (svc: ServiceLike) => boolean {
  return (svc) => svc.metadata?.name === governing || selects(svc, podLabels);
}

export function sliceFilter(
  governing: string,
  isTargetPod: (name: string) => boolean,
): (s: SliceLike) => boolean {
  const kept = new Set<string>();
  return (s) => {
    const name = s.metadata?.name ?? '';
    if (kept.has(name)) return true;
    const ours =
      s.metadata?.labels?.['kubernetes.io/service-name'] === governing ||
      (s.endpoints ?? []).some((e) => e.targetRef?.kind === 'Pod' && isTargetPod(e.targetRef.name ?? ''));
    if (ours) kept.add(name);
    return ours;
  };
}
