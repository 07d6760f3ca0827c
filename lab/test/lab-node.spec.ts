/**
 * The lab's node loss, on its own (`npm run test:lab:node`; the node-loss steps of `npm test` use it
 * throughout): `node-down` leaves the node's containers running (NotReady within the grace, the pod not
 * replaced, a force delete frees the name), and `node-down --power-off` kills them (the node's runtime
 * runs nothing of the demo), `node-up` boots the node again.
 */
import { join } from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { expect } from 'chai';
import { spreadDemo } from './agent-fixtures.ts';
import { isReady, kubectl, kubectlJson, lab, Recorder, ROOT, sh, sleep } from './helpers.ts';

const NS = 'sts-demo';
const STS = 'web';
const GRACE_S = 16; // the lab's --node-monitor-grace-period

type PodList = { items: k8s.V1Pod[] };

describe("the lab's node loss", function () {
  this.timeout(300_000);
  let pods: Recorder<k8s.V1Pod>;

  before(async () => {
    await kubectl('apply', '-f', join(ROOT, 'lab', 'manifests', 'demo.yaml'));
    await spreadDemo(NS);
    pods = await Recorder.start<k8s.V1Pod>(`/api/v1/namespaces/${NS}/pods`);
  });
  after(() => pods?.stop());

  it('node-down: the node goes NotReady, its pod is not replaced and keeps running; force delete frees it', async () => {
    // The victim must be alone on its node: under OrderedReady a lower ordinal stuck on the lost node
    // would (rightly) hold back the re-creation of a higher one.
    const all = (await kubectlJson<PodList>('-n', NS, 'get', 'pods')).items;
    const perNode = new Map<string, number>();
    for (const p of all) perNode.set(p.spec?.nodeName ?? '', (perNode.get(p.spec?.nodeName ?? '') ?? 0) + 1);
    const victim = all.find((p) => perNode.get(p.spec?.nodeName ?? '') === 1);
    if (!victim) throw new Error(`no demo pod is alone on its node: ${[...perNode].join(' ')}`);
    const name = victim.metadata?.name ?? '';
    const node = victim.spec?.nodeName ?? '';
    const uid = victim.metadata?.uid;
    const containerId = (victim.status?.containerStatuses?.[0]?.containerID ?? '').replace(
      /^containerd:\/\//,
      '',
    );
    expect(containerId).to.not.equal('');
    const nodes = await Recorder.start<k8s.V1Node>('/api/v1/nodes', {
      fieldSelector: `metadata.name=${node}`,
    });
    try {
      const t0 = Date.now();
      await lab('node-down', node);
      const notReady = await nodes.until(
        `${node} NotReady`,
        (e) => !isReady(e.object),
        (GRACE_S + 20) * 1000,
      );
      const notReadyAfter = (notReady.at - t0) / 1000;
      console.log(`      ${node} NotReady ${notReadyAfter.toFixed(1)}s after its kubelet stopped`);
      expect(notReadyAfter).to.be.at.most(GRACE_S + 10);

      // The pod is marked for deletion (NoExecute taint after the lab's 10 s toleration) but stays.
      await pods.until(
        `${STS}-1 marked for deletion`,
        (e) => e.object.metadata?.uid === uid && !!e.object.metadata?.deletionTimestamp,
        60_000,
      );
      await sleep(10_000);
      const now = await kubectlJson<PodList>('-n', NS, 'get', 'pods');
      const ones = now.items.filter((p) => p.metadata?.name === name);
      expect(ones.map((p) => p.metadata?.uid)).to.deep.equal([uid]);
      expect(
        pods.events.some(
          (e) => e.at >= t0 && e.object.metadata?.name === name && e.object.metadata?.uid !== uid,
        ),
        'no replacement object for the lost pod was ever seen',
      ).to.equal(false);
      const idx = node.replace('lab-n', '');
      const tasks = await sh('ctr', [
        '--address',
        `/run/sts-lab/n${idx}/containerd.sock`,
        '-n',
        'k8s.io',
        'tasks',
        'ls',
      ]);
      const line = tasks.split('\n').find((l) => l.startsWith(containerId));
      expect(line, `container ${containerId.slice(0, 12)} on ${node}`).to.match(/RUNNING/);

      // A force delete releases the identity: the replacement starts on the other node.
      const t1 = Date.now();
      await kubectl('-n', NS, 'delete', 'pod', name, '--force', '--grace-period=0');
      // Seen here once: the StatefulSet controller took about 90 s to create the replacement.
      const repl = await pods.until(
        `${STS}-1 replacement Ready`,
        (e) =>
          e.at >= t1 &&
          e.object.metadata?.name === name &&
          e.object.metadata?.uid !== uid &&
          isReady(e.object),
        180_000,
      );
      console.log(`      replacement Ready ${((repl.at - t1) / 1000).toFixed(1)}s after the force delete`);
      expect(repl.object.spec?.nodeName).to.not.equal(node);
    } finally {
      await lab('node-up', node);
      nodes.stop();
    }
    const back = await kubectlJson<k8s.V1Node>('get', 'node', node);
    expect(isReady(back)).to.equal(true);
  });

  it("node-down --power-off: the node's containers die with it; node-up boots it again", async () => {
    await spreadDemo(NS);
    const all = (await kubectlJson<PodList>('-n', NS, 'get', 'pods')).items;
    const node = all[0]?.spec?.nodeName ?? '';
    const before = await lab('node-containers', node);
    expect(before, `the demo runs on ${node}`).to.match(/sts-demo\/web-\d/);
    try {
      await lab('node-down', node, '--power-off');
      const ps = await sh('pgrep', [
        '-f',
        `/run/sts-lab/n${node.replace('lab-n', '')}/containerd.sock`,
      ]).catch(() => '');
      expect(ps.trim(), 'no process of the node is left').to.equal('');
    } finally {
      await lab('node-up', node);
    }
    const back = await kubectlJson<k8s.V1Node>('get', 'node', node);
    expect(isReady(back)).to.equal(true);
    await kubectl('-n', NS, 'rollout', 'status', `statefulset/${STS}`, '--timeout=180s');
    await sleep(0);
  });
});
