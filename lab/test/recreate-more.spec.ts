/**
 * More of the recreate suite, run by `npm run test:lab:recreate`: a target whose claims go with it
 * (whenDeleted: Delete: the data loss named), SIGKILL between the deletion and the re-creation then
 * `cleanup` (the StatefulSet there again exactly as saved, every pod Ready), and Redis through both steps
 * with its data check.
 */
import { join } from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { expect } from 'chai';
import { noRunLeft, start, stsChaos, why } from './cli-helpers.ts';
import { reportOf, resultIn } from './fixtures.ts';
import { kubectl, kubectlJson, lab, ROOT, sleep } from './helpers.ts';
import { savedSpec } from './recreate-fixtures.ts';
import { demoAs } from './update-fixtures.ts';

const WORKLOADS = join(ROOT, 'examples', 'workloads');

describe('the recreate suite: more targets, and a run killed in the middle', function () {
  this.timeout(900_000);
  const made: string[] = [];
  after(async () => {
    for (const ns of made) await kubectl('delete', 'namespace', ns, '--wait=false', '--ignore-not-found');
  });

  it('whenDeleted: Delete: the claims go with the StatefulSet, reported as the policy, the data loss named', async () => {
    const ns = 'rec-delete-policy';
    made.push(ns);
    await demoAs(ns);
    await kubectl(
      '-n',
      ns,
      'patch',
      'statefulset',
      'web',
      '--type=merge',
      '-p',
      '{"spec":{"persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Delete"}}}',
    );
    const plan = await stsChaos(['plan', '--target', `${ns}/web`, '--suites', 'recreate']);
    expect(plan.stdout).to.match(/whenDeleted: Delete: .*THE DATA IN THEM IS LOST/);
    const old = await kubectlJson<{ items: k8s.V1PersistentVolumeClaim[] }>('-n', ns, 'get', 'pvc');
    const r = await stsChaos([
      'run',
      '--target',
      `${ns}/web`,
      '--suites',
      'recreate',
      '--grep',
      'recreate delete',
      '--skip',
      'ID-3 DNS',
    ]);
    const vol5 = resultIn(r, 'recreate/delete', 'VOL-5');
    console.log(`      exit ${r.code}; VOL-5 ${vol5?.status}: ${vol5?.reason}`);
    expect(vol5?.status, vol5?.reason).to.equal('pass');
    expect(vol5?.reason).to.match(/whenDeleted: Delete/);
    const now = await kubectlJson<{ items: k8s.V1PersistentVolumeClaim[] }>('-n', ns, 'get', 'pvc');
    const oldUids = new Set(old.items.map((c) => c.metadata?.uid));
    expect(
      now.items.some((c) => oldUids.has(c.metadata?.uid)),
      'no old claim left',
    ).to.equal(false);
    await noRunLeft(ns);
  });

  it('SIGKILL between the deletion and the re-creation, then cleanup: the StatefulSet exactly as saved, every pod Ready', async () => {
    const ns = 'rec-killed';
    made.push(ns);
    await demoAs(ns);
    const before = await savedSpec(ns);
    const s = start([
      'run',
      '--target',
      `${ns}/web`,
      '--suites',
      'recreate',
      '--grep',
      'recreate delete',
      '--skip',
      'ID-3 DNS',
    ]);
    // The deleted StatefulSet is gone while its pods are still terminating: kill the run then.
    let gone = false;
    for (const until = Date.now() + 120_000; !gone && Date.now() < until; await sleep(200))
      gone = !(await kubectl('-n', ns, 'get', 'statefulsets', '-o', 'name')).includes('statefulset.apps/web');
    expect(gone, 'the StatefulSet deleted by the step').to.equal(true);
    s.child.kill('SIGKILL');
    await s.done;
    const c = await stsChaos(['cleanup', '--target', `${ns}/web`]);
    expect(c.code, why(c)).to.equal(0);
    await kubectl('-n', ns, 'rollout', 'status', 'statefulset/web', '--timeout=180s');
    expect(await savedSpec(ns)).to.deep.equal(before);
    const list = await kubectlJson<{ items: unknown[] }>('-n', ns, 'get', 'statefulsets');
    expect(list.items, 'exactly one StatefulSet').to.have.length(1);
    await noRunLeft(ns);
  });

  it('Redis through both steps: adopted without a restart, then back on its claims with every acknowledged write', async () => {
    await lab('workload-images', 'redis');
    const ns = 'wl-redis';
    made.push(ns);
    await kubectl('apply', '-f', join(WORKLOADS, 'redis.yaml'));
    await kubectl('-n', ns, 'rollout', 'status', 'statefulset/redis', '--timeout=300s');
    const r = await stsChaos([
      'run',
      '--config',
      join(WORKLOADS, 'redis.sts-chaos.yaml'),
      '--suites',
      'recreate',
      '--skip',
      'ID-3 DNS',
    ]);
    for (const s of reportOf(r).steps)
      for (const x of s.results)
        console.log(`      ${s.step} ${x.id} ${x.status}: ${x.reason.slice(0, 160)}`);
    expect(r.code, why(r)).to.equal(0);
    expect(resultIn(r, 'recreate/orphan', 'ADOPT-1')?.status).to.equal('pass');
    expect(resultIn(r, 'recreate/delete', 'VOL-3')?.reason).to.match(/data check/);
    await noRunLeft(ns);
  });
});
