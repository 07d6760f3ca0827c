/**
 * Volumes that must be attached, and volumes pinned to their nodes. The demo on the lab's CSI driver
 * (StorageClass lab-csi: one node per volume, VolumeAttachments through the real external-attacher): a
 * drain moves an ordinal and its attach phase is measured; a power-off node loss fenced with the
 * out-of-service taint detaches the volume in seconds and the ordinal moves with its data; a force delete
 * of a lost node's pod without fencing meets Multi-Attach, named by VOL-6. And a target on local volumes
 * (controls/pinned-volumes.yaml): plan warns, the cordon step says "Pending: volume pinned to node …".
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { expect } from 'chai';
import { spreadDemo } from './agent-fixtures.ts';
import { noRunLeft, stsChaos, why } from './cli-helpers.ts';
import { CONTROLS, deploy, reportOf, resultIn } from './fixtures.ts';
import { kubectl, kubectlJson } from './helpers.ts';
import { demoAs } from './update-fixtures.ts';

const NS = 'csi-demo';
/** `run` of the split-brain step(s) `grep` selects on the demo, with `more` arguments and `env`. */
const sb = (grep: string, more: string[] = [], env: Record<string, string> = {}) =>
  stsChaos(
    [
      'run',
      '--target',
      `${NS}/web`,
      '--suites',
      'split-brain',
      '--grep',
      grep,
      '--skip',
      'ID-3 DNS',
      ...more,
    ],
    {
      env,
    },
  );

/** Every node Ready and schedulable, every demo pod Ready, no run left. */
async function settled(): Promise<void> {
  await noRunLeft(NS);
  await kubectl('wait', 'nodes', '--all', '--for=condition=Ready', '--timeout=120s');
  await kubectl('-n', NS, 'rollout', 'status', 'statefulset/web', '--timeout=180s');
}

/** The VolumeAttachments of the demo's volumes: node and attached, by PV name. */
async function attachments(): Promise<Map<string, { node: string; attached: boolean }>> {
  const vas = await kubectlJson<{ items: k8s.V1VolumeAttachment[] }>('get', 'volumeattachments');
  return new Map(
    vas.items.map((v) => [
      v.spec.source.persistentVolumeName ?? '',
      { node: v.spec.nodeName, attached: v.status?.attached === true },
    ]),
  );
}

describe('volumes that attach (lab-csi) and volumes pinned to a node', function () {
  this.timeout(600_000);

  before(async () => {
    await demoAs(NS, { storageClass: 'lab-csi' });
    const vas = await attachments();
    expect([...vas.values()].filter((a) => a.attached).length, 'every demo volume attached').to.be.at.least(
      3,
    );
  });
  after(async () => {
    await kubectl('delete', 'namespace', NS, 'ctl-pinned', '--wait=false', '--ignore-not-found');
  });

  it('a drain moves an ordinal: its attach phase measured from the VolumeAttachment, VOL-6 passes', async () => {
    const r = await sb('node-drain');
    expect(r.code, why(r)).to.equal(0);
    const rec = resultIn(r, 'split-brain/node-drain', 'REC-1');
    const vol6 = resultIn(r, 'split-brain/node-drain', 'VOL-6');
    console.log(
      `      REC-1: ${rec?.reason.slice(-160)}\n      VOL-6 ${vol6?.status}: ${vol6?.reason.slice(0, 200)}`,
    );
    expect(rec?.reason)
      .to.match(/volume attach \d/)
      .and.not.match(/no attach step/);
    expect(vol6?.status, vol6?.reason).to.equal('pass');
    await settled();
  });

  it('a power-off node loss fenced with out-of-service: the volume detaches in seconds, the ordinal moves with its data', async () => {
    await spreadDemo(NS);
    const r = await sb('node-loss', [
      '--node-loss',
      'lab',
      '--node-loss-kind',
      'power-off',
      '--fence',
      'out-of-service',
    ]);
    expect(r.code, why(r)).to.equal(0);
    const step = 'split-brain/node-loss';
    for (const id of ['SB-2', 'VOL-3', 'VOL-6', 'REC-1'])
      console.log(
        `      ${id} ${resultIn(r, step, id)?.status}: ${resultIn(r, step, id)?.reason.slice(0, 220)}`,
      );
    expect(resultIn(r, step, 'SB-2')?.reason).to.match(/released by out-of-service taint/);
    expect(resultIn(r, step, 'VOL-3')?.status).to.equal('pass');
    expect(resultIn(r, step, 'VOL-6')?.status).to.equal('pass');
    expect(resultIn(r, step, 'REC-1')?.status).to.equal('pass');
    await settled();
  });

  it('a force delete of a lost pod without fencing: the Multi-Attach wait is seen and named (VOL-6)', async () => {
    await spreadDemo(NS);
    const r = await sb('node-loss', ['--node-loss', 'lab'], {
      STS_CHAOS_NODE_LOSS_FORCE_DELETE_LOST_POD: 'true',
    });
    const step = 'split-brain/node-loss';
    const vol6 = resultIn(r, step, 'VOL-6');
    const sb2 = resultIn(r, step, 'SB-2');
    console.log(
      `      exit ${r.code}\n      VOL-6 ${vol6?.status}: ${vol6?.reason}\n      SB-2 ${sb2?.status}: ${sb2?.reason.slice(0, 240)}`,
    );
    expect(vol6?.reason).to.match(/Multi-Attach wait \d/);
    expect(vol6?.measurements?.multiAttachWaits).to.be.at.least(1);
    // The volume kept the second copy from starting: never attached to two nodes at once.
    expect(vol6?.status, vol6?.reason).to.equal('pass');
    await settled();
  });

  it('volumes pinned to their nodes: plan warns, the cordon step says so within seconds and gives the node back', async () => {
    for (let i = 0; i < 4; i++) mkdirSync(`/run/sts-lab/local/pv-${i}`, { recursive: true });
    await deploy(join(CONTROLS, 'pinned-volumes.yaml'), 'ctl-pinned', 'pinned');
    const plan = await stsChaos(['plan', '--target', 'ctl-pinned/pinned', '--suites', 'split-brain']);
    expect(plan.stdout).to.match(/WARNING volumes pinned to their nodes .*data-pinned-0 → lab-n\d/);
    const t0 = Date.now();
    const r = await stsChaos([
      'run',
      '--target',
      'ctl-pinned/pinned',
      '--suites',
      'split-brain',
      '--grep',
      'node-cordon',
      '--skip',
      'ID-3 DNS',
    ]);
    expect(r.code, why(r)).to.equal(0);
    const step = reportOf(r).steps.find((s) => s.step === 'split-brain/node-cordon');
    console.log(
      `      finding: ${step?.findings?.[0]?.slice(0, 240)} (run ${Math.round((Date.now() - t0) / 1000)} s)`,
    );
    expect(step?.findings?.join('\n')).to.match(
      /^Pending: volume pinned to node lab-n\d: data-pinned-\d is bound to lab-local-\d/,
    );
    expect(Date.now() - t0, 'within seconds, not the 3m budget').to.be.below(60_000);
    await noRunLeft('ctl-pinned');
    const nodes = await kubectlJson<{ items: k8s.V1Node[] }>('get', 'nodes');
    for (const n of nodes.items) expect(n.spec?.unschedulable ?? false).to.equal(false);
    await kubectl('delete', '-f', join(CONTROLS, 'pinned-volumes.yaml'), '--wait=false');
  });
});
