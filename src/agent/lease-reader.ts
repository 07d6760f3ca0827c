import { ApiError, type KubeHttp } from '../kube/http.ts';
import type { Lease } from '../kube/objects.ts';
import type { ReadLease } from './run-watch.ts';

/** Reads the run's Lease `namespace/name` through the API (the agent's own service account). */
export function leaseReader(http: KubeHttp, lease: string): ReadLease {
  const [ns, name] = lease.split('/', 2);
  if (!ns || !name) throw new Error(`--lease: not <namespace>/<name>: ${lease}`);
  const path = `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/${name}`;
  return async (signal) => {
    try {
      const l = await http.request<Lease>('get', path, signal ? { signal } : {});
      return {
        holder: l.spec?.holderIdentity,
        renewTime: l.spec?.renewTime,
        annotations: l.metadata?.annotations,
      };
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return 'gone';
      throw e;
    }
  };
}
