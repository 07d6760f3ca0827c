import type { FaultId } from '../config/types.ts';
import type { KubeHttp } from '../kube/http.ts';

export interface Need {
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly cluster?: boolean;
  /** The object's name, where the chart narrows the rule by `resourceNames` (`{target}`: the StatefulSet). */
  readonly name?: string;
  /** What needs it. */
  readonly for: string;
}

const exec: Need = {
  verb: 'create',
  group: '',
  resource: 'pods',
  subresource: 'exec',
  for: 'process kill, probe breakage, VOL-3 markers, SB-4',
};
const cordon: Need = {
  verb: 'patch',
  group: '',
  resource: 'nodes',
  cluster: true,
  for: 'node cordon, node drain',
};
const nodes: Need = {
  verb: 'watch',
  group: '',
  resource: 'nodes',
  cluster: true,
  for: 'node faults, SB-2/SB-3',
};
/** The recorder's VolumeAttachment watch (list, then watch): granted with the node faults' cluster rights. */
const attachments: Need = {
  verb: 'watch',
  group: 'storage.k8s.io',
  resource: 'volumeattachments',
  cluster: true,
  for: "VOL-6 and REC-1's attach phase (the volumes' attachments)",
};
const deletePods: Need = {
  verb: 'delete',
  group: '',
  resource: 'pods',
  for: 'pod kill, cordon, claim deletion',
};

const patchTarget: Need = {
  verb: 'patch',
  group: 'apps',
  resource: 'statefulsets',
  name: '{target}',
  for: 'the updates suite (the pod template, the partition; restored after)',
};

/** What every run needs, whatever its faults. */
const ALWAYS: readonly Need[] = [
  { verb: 'watch', group: 'apps', resource: 'statefulsets', name: '{target}', for: 'the recorder' },
  { verb: 'watch', group: '', resource: 'pods', for: 'the recorder' },
  exec,
  { verb: 'create', group: '', resource: 'configmaps', for: 'the fault ledger' },
  { verb: 'create', group: 'coordination.k8s.io', resource: 'leases', for: 'the run Lease' },
];

/** What each fault needs besides. */
const BY_FAULT: Readonly<Record<FaultId, readonly Need[]>> = {
  'pod-kill': [deletePods],
  'process-kill': [
    {
      verb: 'patch',
      group: '',
      resource: 'pods',
      subresource: 'ephemeralcontainers',
      for: 'process kill in a shell-less image',
    },
  ],
  'claim-deletion': [
    deletePods,
    { verb: 'delete', group: '', resource: 'persistentvolumeclaims', for: 'claim deletion' },
  ],
  'probe-breakage': [],
  scale: [
    {
      verb: 'patch',
      group: 'apps',
      resource: 'statefulsets',
      subresource: 'scale',
      name: '{target}',
      for: 'the ordering suite (scale)',
    },
  ],
  'node-cordon': [deletePods, cordon, nodes, attachments],
  'node-drain': [
    cordon,
    nodes,
    attachments,
    { verb: 'create', group: '', resource: 'pods', subresource: 'eviction', for: 'node drain' },
  ],
  'node-loss': [nodes, attachments],
  // OnDelete pods are deleted one at a time; a bad release's stuck pod is deleted (forced rollback).
  'rolling-update': [patchTarget, deletePods],
  'bad-release': [patchTarget, deletePods],
  // The StatefulSet deleted (by name) and made again from its saved spec (create cannot be limited by name).
  recreate: [
    { verb: 'delete', group: 'apps', resource: 'statefulsets', name: '{target}', for: 'the recreate suite' },
    { verb: 'create', group: 'apps', resource: 'statefulsets', for: 'the recreate suite' },
  ],
};

/**
 * Optional, never in `needsOf`: the fault windows written as Events (src/engine/events/). Without it the
 * run goes on and preflight says so on its own line; an Event about a Node would need it in `default`,
 * so the node faults' Events are on the StatefulSet and the victim pod, in the target's namespace.
 */
export const EVENTS_NEED: Need = {
  verb: 'create',
  group: '',
  resource: 'events',
  for: 'the fault windows as Events (--no-events: not needed)',
};

/** The permissions a run of these faults needs, each once. */
export function needsOf(faults: readonly FaultId[]): Need[] {
  return [...new Set([...ALWAYS, ...faults.flatMap((f) => BY_FAULT[f])])];
}

/**
 * What the credentials may not do, from SelfSubjectAccessReviews (allowed for every authenticated user):
 * one line per missing permission and what needs it.
 */
export async function missingAccess(
  http: KubeHttp,
  namespace: string,
  target: string,
  faults: readonly FaultId[],
): Promise<string[]> {
  const missing: string[] = [];
  await Promise.all(
    needsOf(faults).map(async (n) => {
      if ((await allowed(http, namespace, target, n)) === false)
        missing.push(
          `${n.verb} ${n.resource}${n.subresource ? `/${n.subresource}` : ''}${n.cluster ? ' (cluster)' : ` in ${namespace}`}: ${n.for}`,
        );
    }),
  );
  return missing.sort();
}

/**
 * Whether the credentials may do what `n` names, from a SelfSubjectAccessReview (allowed for every
 * authenticated user); undefined when the review itself could not be made.
 */
export async function allowed(
  http: KubeHttp,
  namespace: string,
  target: string,
  n: Need,
): Promise<boolean | undefined> {
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
              ...(n.name ? { name: n.name.replace('{target}', target) } : {}),
            },
          },
        },
      },
    )
    .catch(() => undefined);
  return review ? review.status?.allowed === true : undefined;
}
