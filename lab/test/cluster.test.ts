/**
 * The lab itself: two real nodes, the demo StatefulSet with dynamic volumes, DNS identity, pod
 * recreation with the same claim. Node loss as the lab does it: lab-node.spec.ts. Needs `lab up`.
 */
import { join } from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { expect } from 'chai';
import { isReady, kubectl, kubectlJson, Recorder, ROOT } from './helpers.ts';

const NS = 'sts-demo';
const STS = 'web';
describe('lab', function () {
  this.timeout(240_000);
  let pods: Recorder<k8s.V1Pod>;

  before(async () => {
    await kubectl('delete', 'namespace', NS, '--ignore-not-found', '--wait=true', '--timeout=90s');
    pods = await Recorder.start<k8s.V1Pod>(`/api/v1/namespaces/${NS}/pods`);
  });
  after(() => pods?.stop());

  it('has two Ready nodes', async () => {
    const nodes = await kubectlJson<{ items: k8s.V1Node[] }>('get', 'nodes');
    expect(nodes.items.map((n) => n.metadata?.name).sort()).to.deep.equal(['lab-n1', 'lab-n2']);
    for (const n of nodes.items) expect(isReady(n), `${n.metadata?.name} Ready`).to.equal(true);
  });

  it('runs the demo StatefulSet to 3/3 Ready, creating pods in ordinal order', async () => {
    await kubectl('apply', '-f', join(ROOT, 'lab', 'manifests', 'demo.yaml'));
    const name = (i: number) => `${STS}-${i}`;
    for (let i = 0; i < 3; i++) {
      await pods.until(
        `${name(i)} Ready`,
        (e) => e.object.metadata?.name === name(i) && isReady(e.object),
        90_000,
      );
    }
    // Ordered creation, from watch events: pod k is ADDED only after pod k-1 was seen Ready.
    for (let k = 1; k < 3; k++) {
      const added = pods.events.findIndex((e) => e.type === 'ADDED' && e.object.metadata?.name === name(k));
      const prevReady = pods.events.findIndex(
        (e) => e.object.metadata?.name === name(k - 1) && isReady(e.object),
      );
      expect(added, `${name(k)} ADDED`).to.be.at.least(0);
      expect(prevReady, `${name(k - 1)} Ready`).to.be.at.least(0);
      expect(added, `${name(k)} created after ${name(k - 1)} Ready`).to.be.greaterThan(prevReady);
    }
  });

  it('binds each claim to its own dynamically provisioned volume', async () => {
    const pvcs = await kubectlJson<{ items: k8s.V1PersistentVolumeClaim[] }>('-n', NS, 'get', 'pvc');
    const byName = new Map(pvcs.items.map((c) => [c.metadata?.name, c]));
    const volumes = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const c = byName.get(`data-${STS}-${i}`);
      expect(c?.status?.phase, `data-${STS}-${i}`).to.equal('Bound');
      volumes.add(c?.spec?.volumeName ?? '');
    }
    expect(volumes.size).to.equal(3);
    const pv = await kubectlJson<k8s.V1PersistentVolume>('get', 'pv', [...volumes][0] ?? '');
    expect(pv.metadata?.annotations?.['pv.kubernetes.io/provisioned-by']).to.equal('kubernetes.io/host-path');
  });

  it('execs into a pod, and resolves another pod by its stable DNS name', async () => {
    const fqdn = (i: number) => `${STS}-${i}.${STS}.${NS}.svc.cluster.local`;
    expect(
      (await kubectl('-n', NS, 'exec', `${STS}-0`, '--', 'cat', '/data/www/index.html')).trim(),
    ).to.equal(fqdn(0));
    const web1 = await kubectlJson<k8s.V1Pod>('-n', NS, 'get', 'pod', `${STS}-1`);
    const out = await kubectl('-n', NS, 'exec', `${STS}-0`, '--', 'nslookup', fqdn(1));
    expect(out).to.contain(`Address: ${web1.status?.podIP}`);
    const served = await kubectl(
      '-n',
      NS,
      'exec',
      `${STS}-0`,
      '--',
      'wget',
      '-qO-',
      `http://${fqdn(1)}:8080/`,
    );
    expect(served.trim()).to.equal(fqdn(1));
  });

  it('brings back a deleted pod with a new UID, the same claim and its data', async () => {
    const before = await kubectlJson<k8s.V1Pod>('-n', NS, 'get', 'pod', `${STS}-1`);
    const claimBefore = await kubectlJson<k8s.V1PersistentVolumeClaim>(
      '-n',
      NS,
      'get',
      'pvc',
      `data-${STS}-1`,
    );
    const firstBoot = await kubectl('-n', NS, 'exec', `${STS}-1`, '--', 'cat', '/data/first-boot');
    const t0 = Date.now();
    await kubectl('-n', NS, 'delete', 'pod', `${STS}-1`, '--wait=false');
    const back = await pods.until(
      `${STS}-1 back Ready with a new UID`,
      (e) =>
        e.at >= t0 &&
        e.object.metadata?.name === `${STS}-1` &&
        e.object.metadata?.uid !== before.metadata?.uid &&
        isReady(e.object),
      90_000,
    );
    const claimAfter = await kubectlJson<k8s.V1PersistentVolumeClaim>(
      '-n',
      NS,
      'get',
      'pvc',
      `data-${STS}-1`,
    );
    expect(
      back.object.spec?.volumes?.find((v) => v.name === 'data')?.persistentVolumeClaim?.claimName,
    ).to.equal(`data-${STS}-1`);
    expect(claimAfter.metadata?.uid).to.equal(claimBefore.metadata?.uid);
    expect(claimAfter.spec?.volumeName).to.equal(claimBefore.spec?.volumeName);
    expect(await kubectl('-n', NS, 'exec', `${STS}-1`, '--', 'cat', '/data/first-boot')).to.equal(firstBoot);
  });
  // node-down and node-down --power-off on their own: `npm run test:lab:node` (lab-node.spec.ts).
});
