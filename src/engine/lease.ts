import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { RESUME_ANNOTATION } from '../agent/run-watch.ts';
import { RefusedError } from '../errors.ts';
import type { RunLeaseRef } from '../faults/types.ts';
import type { KubeHttp } from '../kube/http.ts';
import { ApiError } from '../kube/http.ts';
import type { Lease, Pod } from '../kube/objects.ts';
import { Duration } from '../util/duration.ts';
import { sleep } from '../util/sleep.ts';

const HOLDER_HOST = 'sts-chaos.io/holder-host';
const HOLDER_PID = 'sts-chaos.io/holder-pid';
const HOLDER_POD = 'sts-chaos.io/holder-pod';
const SA_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** Who holds a Lease: this host and process, and in a cluster its pod (the hostname is the pod's name). */
function holderAnnotations(): Record<string, string> {
  const out: Record<string, string> = { [HOLDER_HOST]: hostname(), [HOLDER_PID]: String(process.pid) };
  if (process.env.KUBERNETES_SERVICE_HOST && existsSync(SA_NAMESPACE))
    out[HOLDER_POD] = `${readFileSync(SA_NAMESPACE, 'utf8').trim()}/${hostname()}`;
  return out;
}

/**
 * One run per target at a time: a Lease `sts-chaos-<statefulset>` in the target's namespace, renewed while
 * the run lives and expiring 60 s after a dead run's last renewal, so a killed run never blocks forever.
 */
export class RunLease {
  readonly #http: KubeHttp;
  readonly #path: string;
  readonly #ns: string;
  readonly #name: string;
  readonly #holder: string;
  /** The Lease's expiry; it is renewed every third of it. */
  readonly #duration = Duration.seconds(60);
  #timer: NodeJS.Timeout | undefined;

  constructor(http: KubeHttp, namespace: string, statefulSet: string, holder: string) {
    this.#http = http;
    this.#ns = namespace;
    this.#name = `sts-chaos-${statefulSet}`.slice(0, 253);
    this.#path = `/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases`;
    this.#holder = holder;
  }

  #spec(): NonNullable<Lease['spec']> {
    const now = new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
    return {
      holderIdentity: this.#holder,
      leaseDurationSeconds: this.#duration.toSeconds(),
      acquireTime: now,
      renewTime: now,
    };
  }

  /**
   * Takes the Lease. Held by another holder and not expired: taken over at once when that holder is
   * known to be dead (its pod is gone or finished; its process, on this same host, is gone); else, with
   * `waitForExpiry`, taken over once it expires unrenewed; else refused (exit 3), naming the holder.
   */
  async acquire(
    opts: {
      readonly waitForExpiry?: boolean;
      /** Ends the wait for expiry at once (SIGTERM): acquire rejects with the signal's reason. @default none */
      readonly signal?: AbortSignal;
      /** Told what the wait for expiry waits for, before it starts (a wait says what it waits for). */
      readonly onWait?: (what: string) => void;
    } = {},
  ): Promise<void> {
    let lease: Lease;
    try {
      lease = await this.#http.request('get', `${this.#path}/${this.#name}`);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
      await this.#http.request('create', this.#path, {
        body: {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: {
            name: this.#name,
            namespace: this.#ns,
            labels: { 'app.kubernetes.io/managed-by': 'sts-chaos' },
            annotations: holderAnnotations(),
          },
          spec: this.#spec(),
        },
      });
      this.#renewLoop();
      return;
    }
    const held = (l: Lease) => {
      const s = l.spec ?? {};
      const renewed = Date.parse(s.renewTime ?? s.acquireTime ?? '') || 0;
      const expires =
        renewed + Duration.seconds(s.leaseDurationSeconds ?? this.#duration.toSeconds()).toMilliseconds();
      return s.holderIdentity && s.holderIdentity !== this.#holder && expires > Date.now()
        ? { holder: String(s.holderIdentity), renewed, expires }
        : undefined;
    };
    let h = held(lease);
    if (h && (await this.#holderGone(lease))) h = undefined;
    if (h && opts.waitForExpiry) {
      // A live holder renews before its Lease expires; a dead one does not.
      opts.onWait?.(
        `${this.#ns}/${this.#name} is held by ${h.holder} (renewed ${Math.round((Date.now() - h.renewed) / 1000)}s ago): waiting ${Math.ceil((h.expires - Date.now()) / 1000 + 1)}s for it to expire unrenewed`,
      );
      await sleep(Duration.millis(Math.max(0, h.expires - Date.now()) + 1000), opts.signal);
      try {
        lease = await this.#http.request('get', `${this.#path}/${this.#name}`);
      } catch (e) {
        // The run ended normally meanwhile and deleted its Lease: start again, from a missing Lease.
        if (e instanceof ApiError && e.status === 404) return this.acquire(opts);
        throw e;
      }
      h = held(lease);
    }
    if (h) {
      throw new RefusedError(
        `another sts-chaos run holds ${this.#ns}/${this.#name} (holder ${h.holder}, renewed ${Math.round((Date.now() - h.renewed) / 1000)}s ago, expires in ${Math.ceil((h.expires - Date.now()) / 1000)}s)`,
      );
    }
    // Expired, dead or ours: take it over (the resourceVersion guards against a concurrent taker).
    await this.#http.request('update', `${this.#path}/${this.#name}`, {
      body: {
        ...lease,
        metadata: {
          ...lease.metadata,
          annotations: { ...lease.metadata?.annotations, ...holderAnnotations() },
        },
        spec: this.#spec(),
      },
    });
    this.#renewLoop();
  }

  #renewLoop(): void {
    this.#timer = setInterval(() => {
      const now = new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
      this.#http
        .request('patch', `${this.#path}/${this.#name}`, {
          body: { spec: { renewTime: now } },
          contentType: 'application/merge-patch+json',
        })
        .catch(() => undefined);
    }, this.#duration.toMilliseconds() / 3);
    this.#timer.unref();
  }

  /** Whether the Lease's holder is known to be dead: its pod gone or finished, or its process gone here. */
  async #holderGone(lease: Lease): Promise<boolean> {
    const a = lease.metadata?.annotations ?? {};
    const pod = a[HOLDER_POD];
    if (typeof pod === 'string' && pod.includes('/')) {
      const [ns, name] = pod.split('/');
      try {
        const p = await this.#http.request<Pod>('get', `/api/v1/namespaces/${ns}/pods/${name}`);
        return p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
      } catch (e) {
        return e instanceof ApiError && e.status === 404;
      }
    }
    const pid = Number(a[HOLDER_PID]);
    if (a[HOLDER_HOST] === hostname() && Number.isInteger(pid) && pid > 0) {
      try {
        process.kill(pid, 0);
        return false;
      } catch (e) {
        return (e as NodeJS.ErrnoException).code === 'ESRCH';
      }
    }
    return false;
  }

  /** `namespace/name`, the holder and the renewal period: what a node agent's dead-man's switch reads. */
  get ref(): RunLeaseRef {
    return {
      lease: `${this.#ns}/${this.#name}`,
      holder: this.#holder,
      period: Duration.millis(this.#duration.toMilliseconds() / 3),
      requestResume: (nodes) => this.#annotate(nodes),
      clearResume: () => this.#annotate(null),
    };
  }

  /** Sets (or removes, with null) the node agents' resume request on the Lease. */
  async #annotate(value: string | null): Promise<void> {
    await this.#http.request('patch', `${this.#path}/${this.#name}`, {
      body: { metadata: { annotations: { [RESUME_ANNOTATION]: value } } },
      contentType: 'application/merge-patch+json',
    });
  }

  async release(): Promise<void> {
    clearInterval(this.#timer);
    await this.#http.request('delete', `${this.#path}/${this.#name}`).catch(() => undefined);
  }
}
