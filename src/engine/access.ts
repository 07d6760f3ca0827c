import type { KubeHttp } from '../kube/http.ts';

interface Need {
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly cluster?: boolean;
  /** What needs it. */
  readonly for: string;
}

const NEEDS: readonly Need[] = [
  { verb: 'watch', group: 'apps', resource: 'statefulsets', for: 'the recorder' },
  { verb: 'watch', group: '', resource: 'pods', for: 'the recorder' },
  { verb: 'delete', group: '', resource: 'pods', for: 'pod kill, cordon, claim deletion' },
  {
    verb: 'create',
    group: '',
    resource: 'pods',
    subresource: 'exec',
    for: 'process kill, probe breakage, VOL-3 markers, SB-4',
  },
  {
    verb: 'patch',
    group: '',
    resource: 'pods',
    subresource: 'ephemeralcontainers',
    for: 'process kill in a shell-less image',
  },
  { verb: 'delete', group: '', resource: 'persistentvolumeclaims', for: 'claim deletion' },
  {
    verb: 'patch',
    group: 'apps',
    resource: 'statefulsets',
    subresource: 'scale',
    for: 'the ordering suite (scale)',
  },
  { verb: 'create', group: '', resource: 'configmaps', for: 'the fault ledger' },
  { verb: 'create', group: 'coordination.k8s.io', resource: 'leases', for: 'the run Lease' },
  { verb: 'create', group: '', resource: 'pods', subresource: 'eviction', for: 'node drain' },
  { verb: 'patch', group: '', resource: 'nodes', cluster: true, for: 'node cordon, node drain' },
  { verb: 'watch', group: '', resource: 'nodes', cluster: true, for: 'node faults, SB-2/SB-3' },
];

/**
 * What the credentials may not do, from SelfSubjectAccessReviews (allowed for every authenticated user):
 * one line per missing permission and what needs it.
 */
export async function missingAccess(http: KubeHttp, namespace: string): Promise<string[]> {
  const missing: string[] = [];
  await Promise.all(
    NEEDS.map(async (n) => {
      const review = await http
        .request<{ status?: { allowed?: boolean } }>(
          'create',
          '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
          {
            body: {
              apiVersion: 'authorization.k8s.io/v1',
              kind: 'SelfSubjectAccessReview',
              spec: {
                resourceAttributes: {
                  verb: n.verb,
                  group: n.group,
                  resource: n.resource,
                  ...(n.subresource ? { subresource: n.subresource } : {}),
                  ...(n.cluster ? {} : { namespace }),
                },
              },
            },
          },
        )
        .catch(() => undefined);
      if (review && review.status?.allowed !== true)
        missing.push(
          `${n.verb} ${n.resource}${n.subresource ? `/${n.subresource}` : ''}${n.cluster ? ' (cluster)' : ` in ${namespace}`}: ${n.for}`,
        );
    }),
  );
  return missing.sort();
}
