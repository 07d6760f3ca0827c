import { expect } from 'chai';
import {
  eventSnapshot,
  nodeSnapshot,
  podSnapshot,
  pvcSnapshot,
  pvSnapshot,
  snapshotOf,
  statefulSetSnapshot,
  volumeAttachmentSnapshot,
} from './snapshot.ts';

describe('snapshots', () => {
  it('keeps only what the checks read of a pod', () => {
    const pod = {
      metadata: {
        name: 'web-0',
        uid: 'u0',
        namespace: 'ns',
        resourceVersion: '12',
        labels: { app: 'web' },
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{}',
          'sts-chaos.io/marker': 'x',
        },
        creationTimestamp: '2025-01-01T12:00:00Z',
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 's', extra: 1 }],
      },
      spec: {
        nodeName: 'n1',
        containers: [{ name: 'app', image: 'nginx' }],
        volumes: [
          { name: 'data', persistentVolumeClaim: { claimName: 'data-web-0', readOnly: false } },
          { name: 'tmp', emptyDir: {} },
        ],
      },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' as const, lastProbeTime: null }],
        containerStatuses: [{ name: 'app', ready: true, restartCount: 2, image: 'nginx' }],
      },
    };
    const s = podSnapshot(pod);
    expect(s.metadata.annotations).to.deep.equal({ 'sts-chaos.io/marker': 'x' });
    expect(s.metadata.ownerReferences).to.deep.equal([
      { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 's', controller: undefined },
    ]);
    expect(s.spec.volumes).to.deep.equal([
      { name: 'data', persistentVolumeClaim: { claimName: 'data-web-0' }, emptyDir: undefined },
      { name: 'tmp', persistentVolumeClaim: undefined, emptyDir: {} },
    ]);
    expect(JSON.parse(JSON.stringify(s.status))).to.deep.equal({
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{ name: 'app', ready: true, restartCount: 2 }],
    });
    expect(snapshotOf.Pod(pod)).to.deep.equal(s);
  });

  it('keeps a node Ready condition only, and an Event message up to 300 characters', () => {
    const node = nodeSnapshot({
      metadata: { name: 'n1', uid: 'n', labels: { zone: 'a' } },
      status: {
        conditions: [
          { type: 'MemoryPressure', status: 'False' },
          { type: 'Ready', status: 'Unknown' },
        ],
      },
    });
    expect(node.metadata.labels).to.equal(undefined);
    expect(node.status.conditions?.map((c) => c.type)).to.deep.equal(['Ready']);
    const event = eventSnapshot({ metadata: { name: 'e' }, reason: 'Killing', message: 'x'.repeat(400) });
    expect(event.message).to.have.length(300);
    expect(event.involvedObject).to.deep.equal({
      kind: undefined,
      name: undefined,
      namespace: undefined,
      uid: undefined,
    });
  });

  it('keeps the StatefulSet counters, generations and minReadySeconds, not its template', () => {
    const sts = statefulSetSnapshot({
      metadata: { name: 'web', uid: 's', generation: 4 },
      spec: {
        replicas: 3,
        minReadySeconds: 5,
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } },
        template: { spec: { containers: [{ name: 'app', image: 'nginx' }] } },
      } as never,
      status: {
        replicas: 3,
        readyReplicas: 3,
        currentReplicas: 1,
        updatedReplicas: 2,
        availableReplicas: 3,
        currentRevision: 'web-r1',
        updateRevision: 'web-r2',
        observedGeneration: 4,
        collisionCount: 0,
      } as never,
    });
    expect(sts.metadata.generation).to.equal(4);
    expect(sts.spec.minReadySeconds).to.equal(5);
    expect(sts.spec).to.not.have.property('template');
    expect(JSON.parse(JSON.stringify(sts.status))).to.deep.equal({
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 1,
      updatedReplicas: 2,
      availableReplicas: 3,
      currentRevision: 'web-r1',
      updateRevision: 'web-r2',
      observedGeneration: 4,
    });
  });

  it('keeps the access modes of claims and volumes, and of a VolumeAttachment its node, volume, state and errors', () => {
    const spec = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } };
    expect(pvcSnapshot({ metadata: { name: 'c' }, spec } as never).spec.accessModes).to.deep.equal([
      'ReadWriteOnce',
    ]);
    expect(
      pvSnapshot({ metadata: { name: 'pvc-1' }, spec: { ...spec, csi: { driver: 'd' } } } as never).spec
        .accessModes,
    ).to.deep.equal(['ReadWriteOnce']);
    const va = volumeAttachmentSnapshot({
      metadata: {
        name: 'csi-abc',
        uid: 'va1',
        creationTimestamp: '2025-01-01T12:00:00Z',
        deletionTimestamp: '2025-01-01T12:01:00Z',
      },
      spec: {
        attacher: 'lab.csi.sts-chaos.io',
        nodeName: 'n1',
        source: { persistentVolumeName: 'pvc-1', inlineVolumeSpec: { csi: {} } },
      } as never,
      status: {
        attached: true,
        attachmentMetadata: { devicePath: '/dev/x' },
        attachError: { time: '2025-01-01T12:00:05Z', message: 'm'.repeat(400) },
      } as never,
    });
    expect(JSON.parse(JSON.stringify(va.spec))).to.deep.equal({
      attacher: 'lab.csi.sts-chaos.io',
      nodeName: 'n1',
      source: { persistentVolumeName: 'pvc-1' },
    });
    expect(va.status.attached).to.equal(true);
    expect(va.status.attachError?.message).to.have.length(300);
    expect(va.status.attachError?.time).to.equal('2025-01-01T12:00:05Z');
    expect(va.status).to.not.have.property('attachmentMetadata');
    expect(va.metadata.deletionTimestamp).to.equal('2025-01-01T12:01:00Z');
    expect(snapshotOf.VolumeAttachment(va)).to.deep.equal(va);
  });
});
