import { expect } from 'chai';
import { eventSnapshot, nodeSnapshot, podSnapshot, snapshotOf, statefulSetSnapshot } from './snapshot.ts';

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
});
