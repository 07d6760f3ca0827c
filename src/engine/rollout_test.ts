import { expect } from 'chai';
import type { Pod, StatefulSet } from '../kube/objects.ts';
import { partitionOf, rolloutLeft } from './rollout.ts';
import type { Target } from './target.ts';

const target = { name: 'web', replicas: 3, ordinalsStart: 0 } as Target;
const sts = (
  o: { partition?: number; gen?: number; observed?: number; current?: string; updated?: number } = {},
) =>
  ({
    metadata: { name: 'web', uid: 's', generation: o.gen ?? 2 },
    spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: o.partition ?? 0 } } },
    status: {
      observedGeneration: o.observed ?? 2,
      updateRevision: 'new',
      currentRevision: o.current ?? 'new',
      updatedReplicas: o.updated ?? 3 - (o.partition ?? 0),
    },
  }) as StatefulSet;
const pod = (i: number, revision: string, ready = true, deleting = false): Pod => ({
  metadata: {
    name: `web-${i}`,
    uid: `u${i}`,
    labels: { 'controller-revision-hash': revision },
    ...(deleting ? { deletionTimestamp: '2026-11-30T00:00:00Z' } : {}),
  },
  status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});
const pods = (...ps: Pod[]) => new Map(ps.map((p) => [p.metadata.name, p]));

describe('rolloutLeft (a rollout is done)', () => {
  it('is done when every ordinal runs the update revision, Ready, and the status agrees', () => {
    expect(rolloutLeft(sts(), pods(pod(0, 'new'), pod(1, 'new'), pod(2, 'new')), target)).to.equal(undefined);
  });

  it('says what is left: an old revision, an unready pod, a terminating one, a missing one', () => {
    expect(rolloutLeft(sts(), pods(pod(0, 'old'), pod(1, 'new'), pod(2, 'new')), target)).to.equal(
      'web-0 runs revision old, not the update revision new',
    );
    expect(rolloutLeft(sts(), pods(pod(0, 'new'), pod(1, 'new', false), pod(2, 'new')), target)).to.equal(
      'web-1 is not Ready',
    );
    expect(
      rolloutLeft(sts(), pods(pod(0, 'new'), pod(1, 'new'), pod(2, 'new', true, true)), target),
    ).to.equal('web-2 is terminating');
    expect(rolloutLeft(sts(), pods(pod(0, 'new'), pod(1, 'new')), target)).to.equal('web-2 does not exist');
  });

  it('trusts the status only once the controller observed the spec; the counts must agree', () => {
    const all = pods(pod(0, 'new'), pod(1, 'new'), pod(2, 'new'));
    expect(rolloutLeft(sts({ observed: 1 }), all, target)).to.match(/has not observed generation 2/);
    expect(rolloutLeft(sts({ updated: 2 }), all, target)).to.equal('status.updatedReplicas 2 < 3');
    expect(rolloutLeft(sts({ current: 'old' }), all, target)).to.match(/currentRevision old is not yet/);
  });

  it('under OnDelete the controller leaves currentRevision behind: not waited for', () => {
    const s = sts({ current: 'old' });
    const od = { ...s, spec: { updateStrategy: { type: 'OnDelete' } } } as StatefulSet;
    const all = pods(pod(0, 'new'), pod(1, 'new'), pod(2, 'new'));
    expect(rolloutLeft(od, all, target)).to.equal(undefined);
    expect(rolloutLeft(s, all, target)).to.match(/currentRevision old is not yet/);
  });

  it('under a partition, the ordinals below it keep their revision', () => {
    const s = sts({ partition: 2, current: 'old' });
    expect(partitionOf(s)).to.equal(2);
    expect(rolloutLeft(s, pods(pod(0, 'old'), pod(1, 'old'), pod(2, 'new')), target)).to.equal(undefined);
    expect(rolloutLeft(s, pods(pod(0, 'old'), pod(1, 'old'), pod(2, 'old')), target)).to.match(
      /web-2 runs revision old/,
    );
  });
});
