import { ApiError, type KubeHttp } from '../kube/http.ts';
import type { StatefulSet } from '../kube/objects.ts';
import { Duration } from '../util/duration.ts';
import { sleep } from '../util/sleep.ts';
import type { RevertAction } from './revert-types.ts';
import { stsPath } from './update-ops.ts';

/** What the cluster adds to an object and a re-creation must not send back. */
const SERVER_FIELDS = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'selfLink',
];

/**
 * The StatefulSet as the user made it, to re-create it exactly: its metadata (name, namespace, labels,
 * annotations, owner references, finalizers) and spec, without status, UID, resourceVersion, generation
 * or managed fields.
 */
export function savedManifest(sts: StatefulSet): Record<string, unknown> {
  const metadata = { ...(sts.metadata as unknown as Record<string, unknown>) };
  for (const k of SERVER_FIELDS) delete metadata[k];
  return { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata, spec: sts.spec };
}

/** The StatefulSet by name now, or undefined when there is none. */
export async function currentStatefulSet(
  http: KubeHttp,
  namespace: string,
  name: string,
): Promise<StatefulSet | undefined> {
  try {
    return await http.request<StatefulSet>('get', stsPath(namespace, name));
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return undefined;
    throw e;
  }
}

/** What creating the saved StatefulSet did: made it (its UID), or found one there already. */
export type Recreated = { readonly made: string } | { readonly found: string };

/**
 * Creates the StatefulSet from its saved manifest, unless one of that name exists (someone else, a GitOps
 * controller, re-created it: left alone). Never makes a second one: the name is the lock (409 is "found").
 */
export async function createSaved(
  http: KubeHttp,
  namespace: string,
  manifest: Record<string, unknown>,
): Promise<Recreated> {
  const name = String((manifest.metadata as { name?: string }).name);
  const there = await currentStatefulSet(http, namespace, name);
  if (there) return { found: there.metadata.uid };
  try {
    const made = await http.request<StatefulSet>(
      'create',
      `/apis/apps/v1/namespaces/${namespace}/statefulsets`,
      {
        body: manifest,
      },
    );
    return { made: made.metadata.uid };
  } catch (e) {
    if (e instanceof ApiError && e.status === 409) {
      const now = await currentStatefulSet(http, namespace, name);
      if (now) return { found: now.metadata.uid };
    }
    throw e;
  }
}

/**
 * The recreate suite's revert: the StatefulSet from the ledger's saved manifest when it is missing. The
 * deleted object still being removed (its orphan finalizer, its dependents) is waited for, at most 2 min.
 * One of that name there with another UID was re-created already (by the step, or by someone else): left
 * alone, said so.
 */
export const recreateStatefulSet: RevertAction<'recreate-statefulset'> = async ({ http, log, signal }, p) => {
  for (const deadline = Date.now() + 120_000; ; ) {
    const now = await currentStatefulSet(http, p.namespace, p.name);
    if (now && now.metadata.uid !== p.oldUid) {
      log.info(
        { namespace: p.namespace, name: p.name },
        `StatefulSet ${p.namespace}/${p.name} exists (uid ${now.metadata.uid}, not the deleted ${p.oldUid}): nothing to re-create`,
      );
      return;
    }
    if (now && !now.metadata.deletionTimestamp) return; // never deleted: nothing to do
    if (!now) break;
    if (Date.now() > deadline)
      throw new Error(
        `StatefulSet ${p.namespace}/${p.name} (uid ${p.oldUid}) was still being deleted after 2m: not re-created`,
      );
    await sleep(Duration.seconds(1), signal);
  }
  const r = await createSaved(http, p.namespace, JSON.parse(p.manifest) as Record<string, unknown>);
  log.info(
    { namespace: p.namespace, name: p.name },
    'made' in r
      ? `re-created StatefulSet ${p.namespace}/${p.name} from the saved spec (uid ${r.made})`
      : `StatefulSet ${p.namespace}/${p.name} was re-created by someone else meanwhile (uid ${r.found}): left alone`,
  );
};
