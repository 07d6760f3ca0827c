import { expect } from 'chai';
import { ApiError, type KubeHttp } from '../kube/http.ts';
import { isTargetEvent, Recorder } from './recorder.ts';
import { defaultTarget } from './testing/builder.ts';
import type { ObjectEntry } from './types.ts';

const VA = '/apis/storage.k8s.io/v1/volumeattachments';
const PVC = '/api/v1/namespaces/ns/persistentvolumeclaims';
const PV = '/api/v1/persistentvolumes';

/** Lists answer `lists[path]` (a 403 for the `forbidden` paths); `push` sends a watch event on a path. */
function fakeApi(lists: Record<string, object[]>, forbidden: readonly string[] = []) {
  const streams = new Map<string, (line: string) => void>();
  const http = {
    async request(_verb: string, path: string) {
      if (forbidden.includes(path)) throw new ApiError(403, 'Forbidden', `${path} is forbidden`);
      return { metadata: { resourceVersion: '1' }, items: lists[path] ?? [] };
    },
    async watchStream(path: string, _q: unknown, onLine: (l: string) => void, signal: AbortSignal) {
      streams.set(path, onLine);
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    },
  } as unknown as KubeHttp;
  return {
    http,
    async push(path: string, type: string, object: object): Promise<void> {
      for (let i = 0; i < 50 && !streams.has(path); i++) await new Promise((r) => setTimeout(r, 2));
      streams.get(path)?.(JSON.stringify({ type, object }));
    },
  };
}

const claim = (name: string, volumeName?: string) => ({
  metadata: { name, uid: `uid-${name}`, namespace: 'ns', resourceVersion: '1' },
  spec: volumeName ? { volumeName } : {},
});
const attachment = (pv: string, node: string, attached = true) => ({
  metadata: { name: `csi-${pv}-${node}`, uid: `uid-${pv}-${node}`, resourceVersion: '1' },
  spec: { attacher: 'lab.csi.sts-chaos.io', nodeName: node, source: { persistentVolumeName: pv } },
  status: { attached },
});

const recorder = (http: KubeHttp) =>
  new Recorder({ http, target: defaultTarget, podSelector: 'app=web', clock: () => 1000 });

describe('Recorder', () => {
  it("records the VolumeAttachments of the target's claims' volumes only, also of a claim bound later", async () => {
    const api = fakeApi({
      [PVC]: [claim('data-web-0', 'pvc-0'), claim('data-other-0', 'pvc-x')],
      [VA]: [attachment('pvc-0', 'n1'), attachment('pvc-x', 'n1')],
    });
    const rec = recorder(api.http);
    await rec.start();
    await api.push(PVC, 'ADDED', claim('data-web-1'));
    await api.push(PVC, 'MODIFIED', claim('data-web-1', 'pvc-1'));
    await api.push(VA, 'ADDED', attachment('pvc-1', 'n2', false));
    await api.push(VA, 'ADDED', attachment('pvc-y', 'n2'));
    await rec.stop();
    const vas = rec.store
      .timeline()
      .entries.filter((e): e is ObjectEntry => e.kind === 'object' && e.resource === 'VolumeAttachment');
    expect(vas.map((e) => `${e.type} ${e.name}`)).to.deep.equal(['ADDED csi-pvc-0-n1', 'ADDED csi-pvc-1-n2']);
    expect(vas[0]?.namespace).to.equal(undefined);
    expect(rec.unavailable.size).to.equal(0);
  });

  it('goes on without a forbidden optional watch, noting it in the timeline for the checks', async () => {
    const api = fakeApi({ [PVC]: [claim('data-web-0', 'pvc-0')] }, [VA, PV]);
    const rec = recorder(api.http);
    await rec.start();
    await rec.stop();
    expect([...rec.unavailable.keys()].sort()).to.deep.equal(['PersistentVolume', 'VolumeAttachment']);
    const notes = rec.store
      .timeline()
      .entries.flatMap((e) => (e.kind === 'mark' && e.mark === 'note' ? [e.details] : []));
    expect(notes).to.deep.include({
      observation: 'watch-forbidden',
      resource: 'VolumeAttachment',
      reason: 'cannot watch VolumeAttachment (forbidden by RBAC)',
    });
  });

  it('fails when a watch it cannot do without is forbidden', async () => {
    const rec = recorder(fakeApi({}, ['/api/v1/namespaces/ns/pods']).http);
    const err = await rec.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    await rec.stop();
    expect(err).to.be.instanceOf(ApiError);
  });
});

describe('isTargetEvent', () => {
  const claims = /^data-web-\d+$/;
  const event = (name: string, more: object = {}) =>
    ({ metadata: { name: `${name}.1`, uid: 'e' }, involvedObject: { kind: 'Pod', name }, ...more }) as never;

  it("keeps the cluster's Events about the target, its pods and claims, and nothing else", () => {
    for (const n of ['web', 'web-2', 'data-web-0'])
      expect(isTargetEvent(event(n), 'web', claims), n).to.equal(true);
    expect(isTargetEvent(event('db-0'), 'web', claims)).to.equal(false);
  });

  it("leaves out sts-chaos's own Events (its fault windows are not evidence)", () => {
    expect(isTargetEvent(event('web-2', { reportingComponent: 'sts-chaos' }), 'web', claims)).to.equal(false);
    expect(isTargetEvent(event('web', { source: { component: 'sts-chaos' } }), 'web', claims)).to.equal(
      false,
    );
    expect(isTargetEvent(event('web-2', { source: { component: 'kubelet' } }), 'web', claims)).to.equal(true);
  });
});
