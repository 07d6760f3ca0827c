/**
 * The cluster domain a pod's resolver uses, read from its `/etc/resolv.conf`: with `dnsPolicy:
 * ClusterFirst` the kubelet writes the search path `<namespace>.svc.<domain> svc.<domain> <domain>`.
 * Never assumed to be `cluster.local`.
 */

/** The search path of a resolv.conf (the last `search` or `domain` line wins, as in the C resolver). */
export function searchPath(resolvConf: string): string[] {
  let path: string[] = [];
  for (const raw of resolvConf.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const m = /^(search|domain)\s+(.+)$/.exec(line);
    if (m) path = (m[2] as string).split(/\s+/).map((d) => d.replace(/\.$/, ''));
  }
  return path;
}

/**
 * The cluster domain from a resolv.conf's search path: the `svc.<domain>` entry, else the
 * `<namespace>.svc.<domain>` one; undefined when neither is there (dnsPolicy Default or None: that pod
 * does not use cluster names).
 */
export function clusterDomain(resolvConf: string, namespace?: string): string | undefined {
  const path = searchPath(resolvConf);
  for (const d of path) if (d.startsWith('svc.') && d.length > 4) return d.slice(4);
  if (namespace)
    for (const d of path)
      if (d.startsWith(`${namespace}.svc.`) && d.length > namespace.length + 5)
        return d.slice(namespace.length + 5);
  return undefined;
}
