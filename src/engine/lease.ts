import type { KubeHttp } from '../kube/http.ts';
import { ApiError } from '../kube/http.ts';
import { RefusedError } from './errors.ts';

// biome-ignore lint/suspicious/noExplicitAny: Lease JSON.
type Json = any;

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
  readonly #durationS = 60;
  #timer: NodeJS.Timeout | undefined;

  constructor(http: KubeHttp, namespace: string, statefulSet: string, holder: string) {
    this.#http = http;
    this.#ns = namespace;
    this.#name = `sts-chaos-${statefulSet}`.slice(0, 253);
    this.#path = `/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases`;
    this.#holder = holder;
  }

  #spec(): Json {
    const now = new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
    return {
      holderIdentity: this.#holder,
      leaseDurationSeconds: this.#durationS,
      acquireTime: now,
      renewTime: now,
    };
  }

  async acquire(): Promise<void> {
    let lease: Json;
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
          },
          spec: this.#spec(),
        },
      });
      this.#renewLoop();
      return;
    }
    const s = lease.spec ?? {};
    const renewed = Date.parse(s.renewTime ?? s.acquireTime ?? 0);
    const expires = renewed + (s.leaseDurationSeconds ?? this.#durationS) * 1000;
    if (s.holderIdentity && s.holderIdentity !== this.#holder && expires > Date.now()) {
      throw new RefusedError(
        `another sts-chaos run holds ${this.#ns}/${this.#name} (holder ${s.holderIdentity}, renewed ${Math.round((Date.now() - renewed) / 1000)}s ago, expires in ${Math.ceil((expires - Date.now()) / 1000)}s)`,
      );
    }
    // Expired or ours: take it over (the resourceVersion guards against a concurrent taker).
    await this.#http.request('update', `${this.#path}/${this.#name}`, {
      body: { ...lease, spec: this.#spec() },
    });
    this.#renewLoop();
  }

  #renewLoop(): void {
    this.#timer = setInterval(
      () => {
        const now = new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
        this.#http
          .request('patch', `${this.#path}/${this.#name}`, {
            body: { spec: { renewTime: now } },
            contentType: 'application/merge-patch+json',
          })
          .catch(() => undefined);
      },
      (this.#durationS / 3) * 1000,
    );
    this.#timer.unref();
  }

  async release(): Promise<void> {
    clearInterval(this.#timer);
    await this.#http.request('delete', `${this.#path}/${this.#name}`).catch(() => undefined);
  }
}
