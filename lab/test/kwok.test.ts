/**
 * The lab's simulated nodes (KWOK): kwok-up adds tainted fake nodes that stay Ready, a StatefulSet that
 * tolerates them runs there (kwok moves its pods to Ready), a deleted pod is recreated, and kwok-down
 * leaves only the real nodes. Needs `lab up`.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { expect } from 'chai';
import { isReady, kubectl, kubectlJson, lab, Recorder, sleep } from './helpers.ts';

const NS = 'kwok-test';
const STS = 'web';
const REPLICAS = 20;
const FAKE = ['kwok-0', 'kwok-1'];

type List<T> = { items: T[] };

const manifest = `
apiVersion: v1
kind: Namespace
metadata: {name: ${NS}}
---
apiVersion: v1
kind: Service
metadata: {name: ${STS}, namespace: ${NS}}
spec:
  clusterIP: None
  selector: {app: ${STS}}
  ports: [{name: http, port: 8080}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: ${STS}, namespace: ${NS}}
spec:
  serviceName: ${STS}
  replicas: ${REPLICAS}
  podManagementPolicy: Parallel
  selector: {matchLabels: {app: ${STS}}}
  template:
    metadata: {labels: {app: ${STS}}}
    spec:
      nodeSelector: {type: kwok}
      tolerations: [{key: kwok.x-k8s.io/node, operator: Exists, effect: NoSchedule}]
      terminationGracePeriodSeconds: 2
      automountServiceAccountToken: false
      containers:
      - name: web
        image: localhost/lab/busybox:latest
        imagePullPolicy: Never
        command: [httpd, -f, -p, "8080"]
        readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 2}
`;

/** 198.18.160.0/19: the part of the lab's pod range kwok hands out. */
function inKwokRange(ip: string | undefined): boolean {
  const p = (ip ?? '').split('.').map(Number);
  return p[0] === 198 && p[1] === 18 && (p[2] ?? 0) >= 160 && (p[2] ?? 0) < 192;
}

async function fakeNodes(): Promise<string[]> {
  const nodes = await kubectlJson<List<k8s.V1Node>>('get', 'nodes', '-l', 'type=kwok');
  return nodes.items.map((n) => n.metadata?.name ?? '').sort();
}

describe('lab: simulated nodes (kwok)', function () {
  this.timeout(90_000);
  let pods: Recorder<k8s.V1Pod> | undefined;

  before(async () => {
    await kubectl('delete', 'namespace', NS, '--ignore-not-found', '--wait=true', '--timeout=60s');
  });
  after(async () => {
    pods?.stop();
    await lab('kwok-down').catch(() => undefined);
    await kubectl('delete', 'namespace', NS, '--ignore-not-found', '--wait=false');
  });

  it('kwok-up 2 adds two Ready, tainted fake nodes and leaves the real nodes alone', async () => {
    const t0 = Date.now();
    await lab('kwok-up', '2');
    console.log(`      kwok-up 2: ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    expect(await fakeNodes()).to.deep.equal(FAKE);
    for (const name of FAKE) {
      const n = await kubectlJson<k8s.V1Node>('get', 'node', name);
      expect(isReady(n), `${name} Ready`).to.equal(true);
      expect(n.spec?.taints ?? []).to.deep.include({
        key: 'kwok.x-k8s.io/node',
        value: 'fake',
        effect: 'NoSchedule',
      });
      // A quantity: the API server may write 1000 as "1k".
      expect(n.status?.allocatable?.pods).to.be.oneOf(['1000', '1k']);
    }
    // The real nodes' leases are still held by their kubelets (kwok manages only its own nodes).
    for (const real of ['lab-n1', 'lab-n2']) {
      const lease = await kubectlJson<k8s.V1Lease>('-n', 'kube-node-lease', 'get', 'lease', real);
      expect(lease.spec?.holderIdentity, `${real} lease holder`).to.equal(real);
    }
    expect(await lab('status')).to.match(/^kwok: running/m);
  });

  it('renews the fake nodes’ leases well inside the 16 s node-monitor grace period', async () => {
    const renew = async () =>
      (await kubectlJson<k8s.V1Lease>('-n', 'kube-node-lease', 'get', 'lease', 'kwok-0')).spec?.renewTime;
    const first = String(await renew());
    await sleep(4_500);
    const second = String(await renew());
    expect(Date.parse(second), `renewTime ${first} -> ${second}`).to.be.greaterThan(Date.parse(first));
  });

  it(`runs a ${REPLICAS}-replica Parallel StatefulSet to Ready on the fake nodes only`, async () => {
    // A watch on a namespace that does not exist yet is fine: it sees the pods once they are created.
    pods = await Recorder.start<k8s.V1Pod>(`/api/v1/namespaces/${NS}/pods`);
    const file = join(await mkdtemp(join(tmpdir(), 'kwok-test-')), 'sts.yaml');
    await writeFile(file, manifest);
    const t0 = Date.now();
    await kubectl('apply', '-f', file);
    await kubectl('-n', NS, 'rollout', 'status', `sts/${STS}`, '--timeout=60s');
    console.log(`      ${REPLICAS}/${REPLICAS} Ready ${((Date.now() - t0) / 1000).toFixed(1)}s after apply`);
    const list = await kubectlJson<List<k8s.V1Pod>>('-n', NS, 'get', 'pods');
    expect(list.items).to.have.length(REPLICAS);
    for (const p of list.items) {
      expect(FAKE, `${p.metadata?.name} on ${p.spec?.nodeName}`).to.include(p.spec?.nodeName);
      expect(isReady(p), `${p.metadata?.name} Ready`).to.equal(true);
      expect(inKwokRange(p.status?.podIP), `${p.metadata?.name} IP ${p.status?.podIP}`).to.equal(true);
    }
    // Both fake nodes get pods (the scheduler spreads them).
    expect(new Set(list.items.map((p) => p.spec?.nodeName)).size).to.equal(2);
  });

  it('recreates a deleted pod with a new UID, Ready again', async () => {
    const name = `${STS}-7`;
    const before = await kubectlJson<k8s.V1Pod>('-n', NS, 'get', 'pod', name);
    const oldUid = before.metadata?.uid;
    const t0 = Date.now();
    await kubectl('-n', NS, 'delete', 'pod', name, '--wait=false');
    const back = await (pods as Recorder<k8s.V1Pod>).until(
      `${name} back with a new UID, Ready`,
      (e) => e.object.metadata?.name === name && e.object.metadata?.uid !== oldUid && isReady(e.object),
      30_000,
    );
    console.log(`      ${name} Ready again ${((back.at - t0) / 1000).toFixed(1)}s after the delete`);
    expect(FAKE).to.include(back.object.spec?.nodeName);
  });

  it('kwok-down removes the fake nodes and the pods bound to them, and stops kwok', async () => {
    const t0 = Date.now();
    await lab('kwok-down');
    console.log(`      kwok-down: ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    expect(await fakeNodes()).to.deep.equal([]);
    const nodes = await kubectlJson<List<k8s.V1Node>>('get', 'nodes');
    expect(nodes.items.map((n) => n.metadata?.name).sort()).to.deep.equal(['lab-n1', 'lab-n2']);
    const list = await kubectlJson<List<k8s.V1Pod>>('-n', NS, 'get', 'pods');
    for (const p of list.items) {
      expect(p.spec?.nodeName ?? '', `${p.metadata?.name} still bound`).to.not.match(/^kwok-/);
    }
    expect(await lab('status')).to.match(/^kwok: stopped/m);
  });
});
