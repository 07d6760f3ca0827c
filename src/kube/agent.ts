import { Agent, type Dispatcher, ProxyAgent } from 'undici';
import type { KubeConfig, TlsMaterial } from './kubeconfig.ts';

/** `pool`: requests and watches (HTTP/2 when the server offers it); `upgrade`: WebSockets, on HTTP/1.1. */
export type DispatcherKind = 'pool' | 'upgrade';

interface Pools {
  tls: TlsMaterial;
  byKind: Map<DispatcherKind, Dispatcher>;
}

const pools = new WeakMap<KubeConfig, Pools>();

/**
 * The connection pool for a cluster's credentials: built once per TLS material and shared by everything
 * built from the same KubeConfig. New material (an exec plugin's renewed client certificate) builds new
 * pools and closes the old ones once their requests end.
 */
export function dispatcherFor(kc: KubeConfig, tls: TlsMaterial, kind: DispatcherKind = 'pool'): Dispatcher {
  let p = pools.get(kc);
  if (p && p.tls !== tls) {
    for (const d of p.byKind.values()) d.close().catch(() => {});
    p = undefined;
  }
  if (!p) {
    p = { tls, byKind: new Map() };
    pools.set(kc, p);
  }
  let d = p.byKind.get(kind);
  if (!d) {
    d = build(kc, tls, kind);
    p.byKind.set(kind, d);
  }
  return d;
}

function build(kc: KubeConfig, tls: TlsMaterial, kind: DispatcherKind): Dispatcher {
  const connect = {
    rejectUnauthorized: tls.rejectUnauthorized,
    ...(tls.ca ? { ca: tls.ca } : {}),
    ...(tls.cert ? { cert: tls.cert } : {}),
    ...(tls.key ? { key: tls.key } : {}),
    ...(tls.servername ? { servername: tls.servername } : {}),
  };
  const h1 = kind === 'upgrade' ? { allowH2: false } : {};
  if (kc.proxyUrl) return new ProxyAgent({ uri: kc.proxyUrl, requestTls: connect, ...h1 });
  return new Agent({ connect: { ...connect, keepAlive: true, keepAliveInitialDelay: 30_000 }, ...h1 });
}
