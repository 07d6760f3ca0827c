import { isReady, type Pod } from '../kube/objects.ts';
import { PULL_FAILURES } from './bad-release-ops.ts';

/** The pull failure of `pod`'s container, if it is waiting on one. */
export function pullFailure(p: Pod | undefined, container: string): string | undefined {
  const w = p?.status?.containerStatuses?.find((c) => c.name === container)?.state?.waiting?.reason;
  return w && PULL_FAILURES.includes(w) ? w : undefined;
}

/** What the bad release did, as the pods show it. */
export interface BadReleaseEffect {
  /** The first pod made on the bad image (by creation) that fails to pull it or is Ready on it. */
  readonly pod: Pod;
  /** `pull-failure`: the release is broken, as meant; `ready`: the image exists (no effect). */
  readonly state: 'pull-failure' | 'ready';
}

function onBadImage(p: Pod, container: string, badImage: string): boolean {
  return (p.spec?.containers ?? []).some((c) => c.name === container && c.image === badImage);
}

/**
 * The proof that a bad release took effect: a pod of the target on the bad image that fails to pull it.
 * Any ordinal, not only the highest: where the controller replaces several pods at once (maxUnavailable
 * above 1 under OrderedReady), it deletes the highest but makes the lowest of them first, and the highest
 * may never come back while the bad one is stuck. Which ordinals were touched is ORD-5's to judge.
 */
export function badReleaseEffect(
  pods: readonly Pod[],
  container: string,
  badImage: string,
): BadReleaseEffect | undefined {
  const made = pods
    .filter((p) => !p.metadata.deletionTimestamp && onBadImage(p, container, badImage))
    .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
  for (const p of made) {
    if (isReady(p)) return { pod: p, state: 'ready' };
    if (pullFailure(p, container)) return { pod: p, state: 'pull-failure' };
  }
  return undefined;
}

/** What the pods on the bad image were doing, and which ordinals had no pod: a wait's "last saw". */
export function describeBadRelease(
  byName: ReadonlyMap<string, Pod>,
  names: readonly string[],
  container: string,
  badImage: string,
): string {
  return names
    .map((n) => {
      const p = byName.get(n);
      if (!p) return `${n} absent`;
      const image = onBadImage(p, container, badImage) ? 'the bad image' : 'its old image';
      const state = pullFailure(p, container) ?? (isReady(p) ? 'Ready' : (p.status?.phase ?? 'Pending'));
      return `${n} (uid ${p.metadata.uid.slice(0, 8)}) on ${image}, ${state}${p.metadata.deletionTimestamp ? ', terminating' : ''}`;
    })
    .join('; ');
}
