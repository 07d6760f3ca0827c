import { getOrInsert } from '../collections.ts';
import type { EndpointSliceEntry } from '../types.ts';
import { type Draft, parseOrdinal } from './common.ts';

/** Whether a pod is a ready endpoint of one Service, as transitions. */
export interface EndpointHistory {
  readonly podName: string;
  readonly transitions: readonly { readonly at: number; readonly ready: boolean }[];
}

interface SliceMember {
  ready: boolean;
  /** The slice version that last listed it. */
  gen: number;
}

interface Slice {
  readonly service: string;
  gen: number;
  /** Its pods (by UID) as of its last version. */
  readonly members: Map<string, SliceMember>;
}

/**
 * Whether each of the target's pods is a ready endpoint of each Service, followed across that Service's
 * EndpointSlices: a pod is ready while at least one slice lists it ready.
 */
export class EndpointHistories {
  /** Service name → pod UID → ready-endpoint history. */
  readonly byService = new Map<string, Map<string, Draft<EndpointHistory>>>();
  readonly #slices = new Map<string, Slice>();
  /** service → pod uid → number of slices listing it ready. */
  readonly #readyCounts = new Map<string, Map<string, number>>();
  readonly #podPrefix: string;
  /** The target's incarnations by UID: a pod listed under another name may still be one of them. */
  readonly #knownPods: ReadonlyMap<string, unknown>;

  constructor(podPrefix: string, knownPods: ReadonlyMap<string, unknown>) {
    this.#podPrefix = podPrefix;
    this.#knownPods = knownPods;
  }

  onEndpointSlice(e: EndpointSliceEntry): void {
    const service = e.object.metadata.labels?.['kubernetes.io/service-name'];
    if (!service) return;
    // The slice's members are updated in place; members not seen in this version (older generation) left it.
    const slice = getOrInsert(this.#slices, e.name, () => ({ service, gen: 0, members: new Map() }));
    const gen = ++slice.gen;
    const perService = getOrInsert(this.byService, service, () => new Map());
    const counts = getOrInsert(this.#readyCounts, service, () => new Map<string, number>());
    /** Adds delta to the pod's count of slices listing it ready; records a transition when that changes it. */
    const apply = (uid: string, name: string, delta: number) => {
      const count = (counts.get(uid) ?? 0) + delta;
      counts.set(uid, count);
      const h = getOrInsert(perService, uid, () => ({ podName: name, transitions: [] }));
      const last = h.transitions.at(-1);
      const now = count > 0;
      if (!last || last.ready !== now) h.transitions.push({ at: e.at, ready: now });
    };
    if (e.type !== 'DELETED') {
      for (const ep of e.object.endpoints ?? []) {
        const ref = ep.targetRef;
        if (ref?.kind !== 'Pod' || !ref.uid || !ref.name) continue;
        if (!this.#knownPods.has(ref.uid) && parseOrdinal(ref.name, this.#podPrefix) === undefined) continue;
        // An absent ready condition means ready (EndpointSlice API).
        const ready = ep.conditions?.ready !== false;
        const member = slice.members.get(ref.uid);
        if (!member) {
          slice.members.set(ref.uid, { ready, gen });
          apply(ref.uid, ref.name, ready ? 1 : 0);
        } else {
          if (member.ready !== ready) apply(ref.uid, ref.name, ready ? 1 : -1);
          member.ready = ready;
          member.gen = gen;
        }
      }
    }
    for (const [uid, member] of slice.members) {
      if (member.gen === gen) continue;
      if (member.ready) apply(uid, uid, -1);
      slice.members.delete(uid);
    }
    if (e.type === 'DELETED') this.#slices.delete(e.name);
  }
}
