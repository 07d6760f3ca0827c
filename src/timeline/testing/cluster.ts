import type {
  AccessMode,
  PvSnapshot,
  ResourceKind,
  ServiceSnapshot,
  VolumeAttachmentSnapshot,
  WatchForbiddenObservation,
  WatchType,
} from '../types.ts';
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
  /** The VolumeAttachment of each `volume@node`. */
  readonly #attachments = new Map<string, VolumeAttachmentSnapshot>();
  /** The UID of the StatefulSet object now. */
  protected stsUid = 'uid-sts';
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

  /** ADDED of the PersistentVolume `name`, Bound to the claim `claim` (`pv-<claim>` is the builder's default). */
  volume(name: string, claim: string, accessModes: readonly AccessMode[] = ['ReadWriteOnce']): this {
    const pv: PvSnapshot = {
      metadata: { name, uid: `uid-${name}` },
      spec: { claimRef: { name: claim, namespace: this.target.namespace }, accessModes },
      status: { phase: 'Bound' },
    };
    return this.object('PersistentVolume', 'ADDED', name, pv.metadata.uid, pv);
  }

  // --- volume attachments ---------------------------------------------------------------------------------

  /** ADDED of the VolumeAttachment of `volume` to `node`, not attached yet (the attach/detach controller's ask). */
  attachmentCreated(volume: string, node: string, attacher = 'lab.csi.sts-chaos.io'): this {
    const name = `csi-${volume}-${node}`;
    const a: VolumeAttachmentSnapshot = {
      metadata: { name, uid: this.uid(name), creationTimestamp: new Date(this.current).toISOString() },
      spec: { attacher, nodeName: node, source: { persistentVolumeName: volume } },
      status: { attached: false },
    };
    this.#attachments.set(`${volume}@${node}`, a);
    return this.#attachment('ADDED', a);
  }

  /** status.attached true (the attachment is created first when there is none). */
  attached(volume: string, node: string): this {
    if (!this.#attachments.has(`${volume}@${node}`)) this.attachmentCreated(volume, node);
    return this.#attachmentChange(volume, node, (a) => ({ ...a, status: { ...a.status, attached: true } }));
  }

  /** status.attachError set to `message` (the attacher's time: now). */
  attachFailed(volume: string, node: string, message: string): this {
    const time = new Date(this.current).toISOString();
    return this.#attachmentChange(volume, node, (a) => ({
      ...a,
      status: { ...a.status, attachError: { time, message } },
    }));
  }

  /** metadata.deletionTimestamp set: the attach/detach controller asked for the detach. */
  detachRequested(volume: string, node: string): this {
    const deletionTimestamp = new Date(this.current).toISOString();
    return this.#attachmentChange(volume, node, (a) => ({
      ...a,
      metadata: { ...a.metadata, deletionTimestamp },
    }));
  }

  /** DELETED of the attachment (detached, the attacher's finalizer removed). */
  detached(volume: string, node: string): this {
    const key = `${volume}@${node}`;
    const a = this.#attachmentState(key);
    this.#attachments.delete(key);
    const deletionTimestamp = a.metadata.deletionTimestamp ?? new Date(this.current).toISOString();
    return this.#attachment('DELETED', { ...a, metadata: { ...a.metadata, deletionTimestamp } });
  }

  /** The recorder's note that it could not watch `resource` (403). */
  watchForbidden(resource: ResourceKind): this {
    const details: WatchForbiddenObservation = {
      observation: 'watch-forbidden',
      resource,
      reason: `cannot watch ${resource} (forbidden by RBAC)`,
    };
    return this.mark('note', undefined, { details: { ...details } });
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

  /** The UID of the StatefulSet object the builder records now (`uid-sts` until {@link statefulSetCreated}). */
  get statefulSetUid(): string {
    return this.stsUid;
  }

  /** ADDED (first call) or MODIFIED of the StatefulSet with the given changes. */
  statefulSet(changes: StatefulSetOptions = {}): this {
    const type: WatchType = this.sts.created ? 'MODIFIED' : 'ADDED';
    this.sts = { ...this.sts, ...changes, created: true };
    return this.#statefulSet(type);
  }

  /** A MODIFIED with metadata.deletionTimestamp set: its deletion requested (with an orphan finalizer, say). */
  statefulSetDeleting(): this {
    return this.#statefulSet('MODIFIED', new Date(this.current).toISOString());
  }

  /** DELETED of the StatefulSet object. */
  statefulSetDeleted(): this {
    this.#statefulSet('DELETED', new Date(this.current).toISOString());
    this.sts = { ...this.sts, created: false };
    return this;
  }

  /** ADDED of a new StatefulSet object `uid` (created again from the same spec), with the given changes. */
  statefulSetCreated(uid: string, changes: StatefulSetOptions = {}): this {
    this.stsUid = uid;
    this.sts = { ...this.sts, created: false };
    return this.statefulSet(changes);
  }

  #statefulSet(type: WatchType, deletionTimestamp?: string): this {
    const object = statefulSetObject(this.sts, this.target, this.stsUid, deletionTimestamp);
    return this.object('StatefulSet', type, this.target.name, this.stsUid, object);
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

  #attachmentState(key: string): VolumeAttachmentSnapshot {
    const a = this.#attachments.get(key);
    if (!a) throw new Error(`builder: no volume attachment ${key}`);
    return a;
  }

  #attachmentChange(
    volume: string,
    node: string,
    change: (a: VolumeAttachmentSnapshot) => VolumeAttachmentSnapshot,
  ): this {
    const key = `${volume}@${node}`;
    const a = change(this.#attachmentState(key));
    this.#attachments.set(key, a);
    return this.#attachment('MODIFIED', a);
  }

  #attachment(type: WatchType, a: VolumeAttachmentSnapshot): this {
    return this.object('VolumeAttachment', type, a.metadata.name, a.metadata.uid, a);
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
