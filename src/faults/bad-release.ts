import { partitionOf, REVISION_LABEL, rolloutLeft } from '../engine/rollout.ts';
import { ordinals } from '../engine/target.ts';
import { podsByName } from '../engine/waits.ts';
import type { Pod, StatefulSet } from '../kube/objects.ts';
import { WaitTimeoutError } from '../timeline/recorder.ts';
import { sleep } from '../util/sleep.ts';
import { badReleaseEffect, describeBadRelease } from './bad-release-effect.ts';
import { badImageOf, forceRollback, restoreTemplate, stuckPods } from './bad-release-ops.ts';
import { markSetFault, markUpdateStep } from './rolling-update.ts';
import { type Fault, FaultError } from './types.ts';
import { liveStatefulSet, stsPath } from './update-ops.ts';

/**
 * A bad release (ORD-5): the target container's image set to a tag that does not exist in its own
 * repository, so the first pod the controller replaces can never become Ready, without touching the
 * application. Proven broken (its pull fails), held (`updates.badReleaseHold`) while ORD-5 watches that
 * no other ordinal is touched, then rolled back: the user's template exactly (in the ledger before the
 * patch, resourceVersion-checked). When the controller leaves the broken pod stuck (the documented
 * OrderedReady behaviour), the pod is deleted after `updates.rollbackWait` (the forced rollback), and the
 * step reports it.
 */
export function badRelease(): Fault {
  return {
    name: 'bad-release',
    blastRadius: 'set',
    changesTarget: true,
    async applicable(env) {
      const sts = liveStatefulSet(env) ?? env.target.statefulSet;
      if ((sts.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate')
        return 'updateStrategy is OnDelete: a bad template replaces no pod by itself';
      if (partitionOf(sts) >= env.target.replicas)
        return `the partition ${partitionOf(sts)} leaves no ordinal to update`;
      const c = sts.spec?.template?.spec?.containers?.find((x) => x.name === env.target.container);
      if (!c?.image) return `container ${env.target.container} has no image to replace`;
      return undefined;
    },
    async inject(env, victim) {
      const { namespace, name, container } = env.target;
      const sts = await env.http.request<StatefulSet>('get', stsPath(env.target.namespace, env.target.name));
      const template = sts.spec?.template ?? {};
      const index = (template.spec?.containers ?? []).findIndex((c) => c.name === container);
      const image = template.spec?.containers?.[index]?.image ?? '';
      const badImage = badImageOf(image, env.lease?.holder ?? 'run');
      const version = await env.http
        .request<{ gitVersion?: string }>('get', '/version')
        .then((v) => v.gitVersion ?? '?')
        .catch(() => '?');
      const policy = sts.spec?.podManagementPolicy ?? 'OrderedReady';
      const undo = await env.reverts.register(
        {
          kind: 'restore-template',
          namespace,
          name,
          template: JSON.stringify(template),
          container,
          badImage,
        },
        `restore the pod template of ${namespace}/${name} (image ${image}) and delete pods stuck on ${badImage}`,
      );
      markSetFault(env, 'fault-start', 'bad-release', {
        badImage,
        container,
        image,
        policy,
        k8sVersion: version,
      });
      await env.http.request('patch', stsPath(env.target.namespace, env.target.name), {
        body: [
          { op: 'test', path: '/metadata/resourceVersion', value: sts.metadata.resourceVersion },
          { op: 'replace', path: `/spec/template/spec/containers/${index}/image`, value: badImage },
        ],
        contentType: 'application/json-patch+json',
      });
      // Proof of effect: a pod made on the bad image waits on a pull that cannot succeed (the highest
      // ordinal's, unless the controller replaced several at once: then ORD-5 names them).
      const names = ordinals(env.target).map((o) => `${name}-${o}`);
      const effect = () => badReleaseEffect(env.recorder.objects<Pod>('Pod'), container, badImage);
      const seen = await env.recorder
        .waitFor(
          `a pod of ${name} to be made on ${badImage} and fail to pull it`,
          env.config.budget,
          () => effect() !== undefined,
          () => describeBadRelease(podsByName(env.recorder), names, container, badImage),
          env.signal,
        )
        .then(() => effect())
        .catch(async (e) => {
          await undo.revert();
          if (e instanceof WaitTimeoutError) throw new FaultError(`bad release had no effect: ${e.message}`);
          throw e;
        });
      if (seen?.state === 'ready') {
        await undo.revert();
        throw new FaultError(
          `the bad release had no effect: its image ${badImage} exists, ${seen.pod.metadata.name} became Ready on it`,
        );
      }
      if (seen && seen.pod.metadata.name !== victim.pod)
        env.log.warn(
          { step: 'bad-release' },
          `the bad release broke ${seen.pod.metadata.name} (${describeBadRelease(podsByName(env.recorder), names, container, badImage)})`,
        );
      await sleep(env.config.updates.badReleaseHold, env.signal);
      markUpdateStep(env, 'rollback', { image });
      await restoreTemplate(env.http, {
        namespace,
        name,
        template: JSON.stringify(template),
        container,
        badImage,
      });
      // The controller gets its chance to heal; OrderedReady may leave the broken pod waiting for ever.
      const healed = await env.recorder
        .waitFor(
          `${name} to heal after the rollback`,
          env.config.updates.rollbackWait,
          () => rolloutLeft(liveStatefulSet(env), podsByName(env.recorder), env.target) === undefined,
          () => rolloutLeft(liveStatefulSet(env), podsByName(env.recorder), env.target) ?? 'healed',
          env.signal,
        )
        .then(() => true)
        .catch((e) => {
          if (e instanceof WaitTimeoutError && !env.signal.aborted) return false;
          throw e;
        });
      let forced: string[] = [];
      if (!healed) {
        const stuck = stuckPods(env.recorder.objects<Pod>('Pod'), container, badImage);
        for (const p of stuck)
          markUpdateStep(env, 'forced-rollback', { pod: p.metadata.name, uid: p.metadata.uid });
        forced = await forceRollback(env.http, namespace, stuck);
        env.log.warn(
          { step: 'bad-release' },
          `rollback needed a manual pod deletion (forced rollback): ${forced.join(', ') || 'no stuck pod found'} (${policy}, Kubernetes ${version})`,
        );
      }
      await undo.revert();
      const revision = podsByName(env.recorder).get(victim.pod)?.metadata.labels?.[REVISION_LABEL];
      const finding = forced.length
        ? `rollback needed a manual pod deletion (forced rollback): ${forced.join(', ')} stayed on ${badImage} for ${env.config.updates.rollbackWait} after the template was restored (${policy}, Kubernetes ${version})`
        : `the controller rolled the bad release back by itself once the template was restored (${policy}, Kubernetes ${version})`;
      return {
        expect: 'updated',
        findings: () => [finding],
        afterRecovery: async () =>
          markSetFault(env, 'fault-end', 'bad-release', {
            forcedRollback: forced.length > 0,
            forced,
            policy,
            k8sVersion: version,
            ...(revision ? { revision } : {}),
          }),
      };
    },
  };
}
