import { expect } from 'chai';
import type { StatefulSet } from '../kube/objects.ts';
import { midUpdate } from './preflight.ts';

const sts = (type: string, status: Record<string, unknown>, partition?: number) =>
  ({
    metadata: { name: 'web', uid: 'u' },
    spec: { replicas: 3, updateStrategy: { type, ...(partition ? { rollingUpdate: { partition } } : {}) } },
    status: { currentRevision: 'a', updateRevision: 'b', ...status },
  }) as StatefulSet;

describe('midUpdate (preflight refuses a target in the middle of an update)', () => {
  it('RollingUpdate: currentRevision behind updateRevision', () => {
    expect(midUpdate(sts('RollingUpdate', {}))).to.equal('currentRevision a != updateRevision b');
    expect(midUpdate(sts('RollingUpdate', { currentRevision: 'b' }))).to.equal(undefined);
  });

  it('a partition keeps the ordinals below it behind by design: only those at or above it count', () => {
    expect(midUpdate(sts('RollingUpdate', { updatedReplicas: 2 }, 1))).to.equal(undefined);
    expect(midUpdate(sts('RollingUpdate', { updatedReplicas: 1 }, 1))).to.match(
      /^partition 1: 1 of the 2 pods/,
    );
  });

  it('OnDelete never moves currentRevision: pods not yet on updateRevision count', () => {
    expect(midUpdate(sts('OnDelete', { updatedReplicas: 3 }))).to.equal(undefined);
    expect(midUpdate(sts('OnDelete', { updatedReplicas: 1 }))).to.equal(
      'OnDelete: 1 of 3 pods on updateRevision b',
    );
  });
});
