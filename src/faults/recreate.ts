import type { Pod, StatefulSet } from '../kube/objects.ts';
import { WaitTimeoutError } from '../timeline/recorder.ts';
import { createSaved, savedManifest } from './recreate-ops.ts';
import { markSetFault, markUpdateStep } from './rolling-update.ts';
import { type Fault, type FaultEnv, FaultError } from './types.ts';
import { stsPath } from './update-ops.ts';

/** The two ways the recreate suite deletes the StatefulSet: its pods orphaned, or deleted with it. */
export type RecreateVariant = 'orphan' | 'delete';

/** The step marks of a re-creation (details.step), the contract ADOPT-1 and VOL-5 read. */
export const RECREATE_MARKS = { deleted: 'sts-deleted', created: 'sts-created' } as const;

interface Claim {
  readonly metadata: { readonly name: string; readonly uid: string };
}

/** Waits for `done`, or turns a timeout into a step error that says what was last seen. */
async function expect(env: FaultEnv, what: string, done: () => boolean, seen: () => string): Promise<void> {
  await env.recorder.waitFor(what, env.config.budget, done, seen, env.signal).catch((e) => {
    if (e instanceof WaitTimeoutError) throw new FaultError(e.message);
    throw e;
  });
}

/**
 * The StatefulSet deleted and re-created from its saved spec (in the ledger before the deletion): with
 * `orphan`, `propagationPolicy: Orphan` (`kubectl delete --cascade=orphan`, as for changing an immutable
 * field): its pods must be adopted by the new object without a restart (ADOPT-1). With `delete`, the default
 * propagation (a reinstall): the garbage collector deletes the pods, in no promised order (Kubernetes gives
 * none for a deleted StatefulSet), the claims stay or go as `whenDeleted` says (VOL-5), and the re-created
 * object brings the pods back in order on them. One of that name made meanwhile by someone else (a GitOps
 * controller) is left alone, and the step says so.
 */
export function recreate(variant: RecreateVariant): Fault {
  return {
    name: 'recreate',
    variant,
    blastRadius: 'set',
    changesTarget: 'recreate',
    async applicable() {
      return undefined;
    },
    async inject(env) {
      const { namespace, name } = env.target;
      const sts = await env.http.request<StatefulSet>('get', stsPath(namespace, name));
      const oldUid = sts.metadata.uid;
      const manifest = savedManifest(sts);
      const whenDeleted = sts.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted ?? 'Retain';
      const claimNames = new Set(
        (sts.spec?.volumeClaimTemplates ?? []).flatMap((t) =>
          env.target.claimTemplates.length === 0
            ? []
            : Array.from(
                { length: env.target.replicas },
                (_, i) => `${t.metadata?.name}-${name}-${env.target.ordinalsStart + i}`,
              ),
        ),
      );
      const undo = await env.reverts.register(
        { kind: 'recreate-statefulset', namespace, name, manifest: JSON.stringify(manifest), oldUid },
        `re-create StatefulSet ${namespace}/${name} (deleted uid ${oldUid}) from its saved spec if it is missing`,
      );
      markSetFault(env, 'fault-start', 'recreate', { variant, oldUid, whenDeleted });
      await env.http.request('delete', stsPath(namespace, name), {
        body: {
          propagationPolicy: variant === 'orphan' ? 'Orphan' : 'Background',
          preconditions: { uid: oldUid },
        },
      });
      const objects = () => env.recorder.objects<StatefulSet>('StatefulSet');
      const pods = () => env.recorder.objects<Pod>('Pod');
      await expect(
        env,
        `StatefulSet ${namespace}/${name} (uid ${oldUid}) to be gone`,
        () => !objects().some((s) => s.metadata.uid === oldUid),
        () =>
          objects()
            .map((s) => `uid ${s.metadata.uid}${s.metadata.deletionTimestamp ? ' (being deleted)' : ''}`)
            .join(', ') || 'none',
      );
      markUpdateStep(env, RECREATE_MARKS.deleted, { uid: oldUid });
      if (variant === 'delete') {
        // The new object must not meet the old one's pods (or, under Delete, its claims) on the way out.
        await expect(
          env,
          `the pods of ${name} to be deleted with it`,
          () => pods().length === 0,
          () =>
            pods()
              .map((p) => p.metadata.name)
              .join(', '),
        );
        if (whenDeleted === 'Delete') {
          const claims = () =>
            env.recorder
              .objects<Claim>('PersistentVolumeClaim')
              .filter((c) => claimNames.has(c.metadata.name));
          await expect(
            env,
            `the claims of ${name} to be deleted (whenDeleted: Delete)`,
            () => claims().length === 0,
            () =>
              claims()
                .map((c) => c.metadata.name)
                .join(', '),
          );
        }
      }
      const made = await createSaved(env.http, namespace, manifest);
      const findings: string[] = [];
      if ('made' in made) markUpdateStep(env, RECREATE_MARKS.created, { uid: made.made });
      else {
        markUpdateStep(env, RECREATE_MARKS.created, { uid: made.found, by: 'someone else' });
        const line = `StatefulSet ${namespace}/${name} was re-created by someone else (uid ${made.found}) before sts-chaos could: left alone`;
        env.log.warn({ namespace, name }, line);
        findings.push(line);
      }
      // Made (or found): the revert has nothing left to do, and says so.
      await undo.revert();
      const newUid = 'made' in made ? made.made : made.found;
      if (variant === 'orphan') {
        // Adoption is the new object's controller taking each orphaned pod (its ownerReference): waited for
        // here, so that the step's window holds it; a pod never adopted is ADOPT-1's to name, not an error.
        const owner = (p: Pod) => p.metadata.ownerReferences?.find((o) => o.controller)?.uid;
        await env.recorder
          .waitFor(
            `every pod of ${name} to be adopted by the new StatefulSet (uid ${newUid})`,
            env.config.budget,
            () => pods().length > 0 && pods().every((p) => owner(p) === newUid),
            () =>
              pods()
                .map((p) => `${p.metadata.name}: owner ${owner(p) ?? 'none'}`)
                .join(', '),
            env.signal,
          )
          .catch((e) => {
            if (!(e instanceof WaitTimeoutError)) throw e;
            env.log.warn({ namespace, name }, `not every pod was adopted: ${e.message}`);
          });
      }
      return {
        expect: 'updated',
        findings: () => findings,
        afterRecovery: async () =>
          markSetFault(env, 'fault-end', 'recreate', {
            variant,
            oldUid,
            newUid,
          }),
      };
    },
  };
}
