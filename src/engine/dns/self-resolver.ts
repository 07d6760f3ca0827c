import { Resolver } from 'node:dns/promises';
import { readFile } from 'node:fs/promises';
import type { LookupAnswer } from './lookup-output.ts';
import { clusterDomain } from './resolv-conf.ts';

/** The cluster domain of the pod sts-chaos runs in (the Job), from its own resolv.conf. */
export async function ownClusterDomain(path = '/etc/resolv.conf'): Promise<string | undefined> {
  return clusterDomain(await readFile(path, 'utf8').catch(() => ''));
}

/** Resolves A and AAAA from where sts-chaos runs (the Job's pod, through the cluster's DNS). */
export async function lookupHere(name: string): Promise<LookupAnswer> {
  const r = new Resolver({ timeout: 2000, tries: 2 });
  const [v4, v6] = await Promise.allSettled([r.resolve4(name), r.resolve6(name)]);
  const addresses = [
    ...(v4.status === 'fulfilled' ? v4.value : []),
    ...(v6.status === 'fulfilled' ? v6.value : []),
  ];
  if (addresses.length > 0) return { addresses };
  const err =
    v4.status === 'rejected'
      ? (v4.reason as Error)
      : v6.status === 'rejected'
        ? (v6.reason as Error)
        : undefined;
  return { addresses: [], error: err?.message ?? 'no A or AAAA record' };
}
