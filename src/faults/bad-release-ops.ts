import { ApiError } from '../kube/http.ts';
import { isReady, type Pod, type StatefulSet } from '../kube/objects.ts';
import type { RevertAction } from './revert-types.ts';
import type { FaultEnv } from './types.ts';
import { stsPath } from './update-ops.ts';

/** The waiting reasons of a container whose image cannot be pulled. */
export const PULL_FAILURES = ['ErrImagePull', 'ImagePullBackOff', 'ErrImageNeverPull', 'InvalidImageName'];

/**
 * The image of a bad release: the same repository as `image` (registry, port and path kept), a tag that
 * does not exist there (`sts-chaos-bad-release-<run>`), no digest. Pulling it fails without touching the
 * application.
 */
export function badImageOf(image: string, runId: string): string {
  const noDigest = image.split('@')[0] ?? image;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const repo = colon > slash ? noDigest.slice(0, colon) : noDigest;
  const tag = `sts-chaos-bad-release-${runId.replace(/[^A-Za-z0-9_.-]/g, '-')}`.slice(0, 128);
  return `${repo}:${tag}`;
}

/** JSON with keys sorted: two objects the API server returned compare equal whatever their key order. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

type Template = NonNullable<NonNullable<StatefulSet['spec']>['template']>;

/** The template with `container`'s image set to `image` (a copy). */
export function withImage(template: Template, container: string, image: string): Template {
  const t = JSON.parse(JSON.stringify(template)) as {
    spec?: { containers?: { name: string; image?: string }[] };
  };
  for (const c of t.spec?.containers ?? []) if (c.name === container) c.image = image;
  return t as Template;
}

/** The pods stuck on the bad image: that container's image is `badImage`, not Ready. */
export function stuckPods(pods: readonly Pod[], container: string, badImage: string): Pod[] {
  return pods.filter(
    (p) =>
      !p.metadata.deletionTimestamp &&
      !isReady(p) &&
      (p.spec?.containers ?? []).some((c) => c.name === container && c.image === badImage),
  );
}

/**
 * Puts the user's template back exactly: a JSON patch that tests the resourceVersion of the read it
 * decided on and replaces the whole template. Done already (the template is the user's): nothing. A
 * template that is neither the user's nor the user's with the bad image (someone else changed it): an
 * error that says so, nothing touched. Returns whether it patched.
 */
export async function restoreTemplate(
  http: FaultEnv['http'],
  p: { namespace: string; name: string; template: string; container: string; badImage: string },
): Promise<boolean> {
  const sts = await http.request<StatefulSet>('get', stsPath(p.namespace, p.name));
  const original = JSON.parse(p.template) as Template;
  const now = sts.spec?.template;
  if (canonical(now) === canonical(original)) return false;
  if (canonical(now) !== canonical(withImage(original, p.container, p.badImage)))
    throw new Error(
      `statefulset ${p.namespace}/${p.name}: its template was changed by someone else since the bad release; not restored (the saved template is in the ledger)`,
    );
  await http.request('patch', stsPath(p.namespace, p.name), {
    body: [
      { op: 'test', path: '/metadata/resourceVersion', value: sts.metadata.resourceVersion },
      { op: 'replace', path: '/spec/template', value: original },
    ],
    contentType: 'application/json-patch+json',
  });
  return true;
}

/** Deletes each pod stuck on the bad image (its UID as a precondition): the documented forced rollback. */
export async function forceRollback(
  http: FaultEnv['http'],
  namespace: string,
  pods: readonly Pod[],
): Promise<string[]> {
  const done: string[] = [];
  for (const p of pods) {
    await http.request('delete', `/api/v1/namespaces/${namespace}/pods/${p.metadata.name}`, {
      body: { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: p.metadata.uid } },
    });
    done.push(`${p.metadata.name} (uid ${p.metadata.uid})`);
  }
  return done;
}

/**
 * The revert of a bad release, for `cleanup`, the next run and the chart's hook: the user's template
 * again, then every pod still stuck on the bad image deleted (under OrderedReady the controller would
 * otherwise wait on it for ever: the forced rollback).
 */
export const restoreTemplateRevert: RevertAction<'restore-template'> = async ({ http, log }, p) => {
  await restoreTemplate(http, p);
  // The target's pods by name (pods: get, as the hook has it; no list).
  const sts = await http.request<StatefulSet>('get', stsPath(p.namespace, p.name));
  const start = sts.spec?.ordinals?.start ?? 0;
  const pods: Pod[] = [];
  for (let i = start; i < start + (sts.spec?.replicas ?? 0); i++) {
    const pod = await http
      .request<Pod>('get', `/api/v1/namespaces/${p.namespace}/pods/${p.name}-${i}`)
      .catch((e) => {
        if (e instanceof ApiError && e.status === 404) return undefined;
        throw e;
      });
    if (pod) pods.push(pod);
  }
  const forced = await forceRollback(http, p.namespace, stuckPods(pods, p.container, p.badImage));
  if (forced.length)
    log.warn(
      { statefulset: p.name },
      `forced rollback: deleted ${forced.join(', ')} (stuck on ${p.badImage})`,
    );
};
