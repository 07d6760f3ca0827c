import type { ServiceSnapshot, WatchType } from '../types.ts';
import { EntryLog } from './entries.ts';
import {
  type ClaimState,
  claimObject,
  type NodeState,
  nodeObject,
  type StatefulSetOptions,
  statefulSetObject,
} from './objects.ts';

/**
 * The test builder's objects other than pods: claims, nodes, the StatefulSet and its Service. Each call
 * records the object's watch event at the current time.
 */
export class ClusterLog extends EntryLog {
  readonly #nodes = new Map<string, NodeState>();
  readonly #claims = new Map<string, ClaimState>();
  protected sts: StatefulSetOptions & { created: boolean } = {
    created: false,
    replicas: this.target.replicas,
    podManagementPolicy: this.target.podManagementPolicy,
    currentRevision: `${this.target.name}-r1`,
    updateRevision: `${this.target.name}-r1`,
  };

  // --- claims -----------------------------------------------------------------------------------------

  /** `T-S-i` for the first template. */
  claimName(ordinal: number, template = this.target.claimTemplates[0] ?? 'data'): string {
    return `${template}-${this.target.name}-${ordinal}`;
  }

  /** ADDED of a new claim object, Bound to `volumeName`. */
  claimBound(name: string, volumeName = `pv-${name}`, uid?: string): this {
    const c: ClaimState = { name, uid: uid ?? this.uid(name), volumeName, phase: 'Bound' };
    this.#claims.set(name, c);
    return this.#claim('ADDED', c);
  }

  /** Claims `T-S-i` for every template, bound. */
  claimsFor(ordinal: number): this {
    for (const t of this.target.claimTemplates) this.claimBound(this.claimName(ordinal, t));
    return this;
  }

  claimRebound(name: string, volumeName: string): this {
    const c = this.#claimState(name);
    c.volumeName = volumeName;
    return this.#claim('MODIFIED', c);
  }

  claimTerminating(name: string): this {
    const c = this.#claimState(name);
    c.deletionTimestamp = new Date(this.current).toISOString();
    return this.#claim('MODIFIED', c);
  }

  claimDeleted(name: string): this {
    const c = this.#claimState(name);
    c.deletionTimestamp ??= new Date(this.current).toISOString();
    this.#claim('DELETED', c);
    this.#claims.delete(name);
    return this;
  }

  // --- nodes ------------------------------------------------------------------------------------------

  node(name: string): this {
    const n: NodeState = { name, uid: this.uid(name), ready: 'True', unschedulable: false, taints: [] };
    this.#nodes.set(name, n);
    return this.#node('ADDED', n);
  }

  nodeNotReady(name: string, status: 'False' | 'Unknown' = 'Unknown'): this {
    return this.#nodeChange(name, (n) => {
      n.ready = status;
    });
  }

  nodeReady(name: string): this {
    return this.#nodeChange(name, (n) => {
      n.ready = 'True';
    });
  }

  nodeTaint(name: string, key: string, effect = 'NoExecute'): this {
    return this.#nodeChange(name, (n) => {
      n.taints.push({ key, effect });
    });
  }

  nodeUntaint(name: string, key: string): this {
    return this.#nodeChange(name, (n) => {
      n.taints = n.taints.filter((t) => t.key !== key);
    });
  }

  nodeCordoned(name: string, unschedulable = true): this {
    return this.#nodeChange(name, (n) => {
      n.unschedulable = unschedulable;
    });
  }

  nodeDeleted(name: string): this {
    const n = this.#nodeState(name);
    this.#nodes.delete(name);
    return this.#node('DELETED', n);
  }

  // --- StatefulSet and Service ----------------------------------------------------------------------------

  /** ADDED (first call) or MODIFIED of the StatefulSet with the given changes. */
  statefulSet(changes: StatefulSetOptions = {}): this {
    const type: WatchType = this.sts.created ? 'MODIFIED' : 'ADDED';
    this.sts = { ...this.sts, ...changes, created: true };
    return this.object(
      'StatefulSet',
      type,
      this.target.name,
      'uid-sts',
      statefulSetObject(this.sts, this.target),
    );
  }

  statefulSetDeleted(): this {
    const deleting = statefulSetObject(this.sts, this.target, new Date(this.current).toISOString());
    return this.object('StatefulSet', 'DELETED', this.target.name, 'uid-sts', deleting);
  }

  service(opts: { name?: string; headless?: boolean; publishNotReadyAddresses?: boolean } = {}): this {
    const name = opts.name ?? this.target.serviceName;
    const svc: ServiceSnapshot = {
      metadata: { name, uid: `uid-svc-${name}`, namespace: this.target.namespace },
      spec: {
        clusterIP: opts.headless === false ? '10.96.0.10' : 'None',
        publishNotReadyAddresses: opts.publishNotReadyAddresses ?? false,
      },
    };
    return this.object('Service', 'ADDED', name, svc.metadata.uid, svc);
  }

  // --- internals --------------------------------------------------------------------------------------

  #claimState(name: string): ClaimState {
    const c = this.#claims.get(name);
    if (!c) throw new Error(`builder: no claim ${name}`);
    return c;
  }

  #claim(type: WatchType, c: ClaimState): this {
    return this.object('PersistentVolumeClaim', type, c.name, c.uid, claimObject(c, this.target));
  }

  #nodeState(name: string): NodeState {
    const n = this.#nodes.get(name);
    if (!n) throw new Error(`builder: no node ${name}`);
    return n;
  }

  /** A MODIFIED of the node after `change`. */
  #nodeChange(name: string, change: (n: NodeState) => void): this {
    const n = this.#nodeState(name);
    change(n);
    return this.#node('MODIFIED', n);
  }

  #node(type: WatchType, n: NodeState): this {
    return this.object('Node', type, n.name, n.uid, nodeObject(n));
  }
}
