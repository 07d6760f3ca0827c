import { expect } from 'chai';
import type { Pod } from '../kube/objects.ts';
import { badReleaseEffect, describeBadRelease } from './bad-release-effect.ts';

const BAD = 'lab/busybox:sts-chaos-bad-release-run-1';

function pod(name: string, o: { image?: string; created: string; waiting?: string; ready?: boolean }): Pod {
  return {
    metadata: { name, uid: `uid-${name}-${o.created}`, creationTimestamp: o.created },
    spec: { containers: [{ name: 'web', image: o.image ?? 'lab/busybox:1' }] },
    status: {
      phase: o.ready ? 'Running' : 'Pending',
      conditions: [{ type: 'Ready', status: o.ready ? 'True' : 'False' }],
      containerStatuses: [
        { name: 'web', ready: !!o.ready, state: o.waiting ? { waiting: { reason: o.waiting } } : {} },
      ],
    },
  } as unknown as Pod;
}

describe('the bad release: proof of effect', () => {
  it('is the highest ordinal waiting on its pull, the usual case', () => {
    const pods = [
      pod('web-0', { created: '2026-01-01T00:00:00Z', ready: true }),
      pod('web-2', { image: BAD, created: '2026-01-01T00:01:00Z', waiting: 'ErrImagePull' }),
    ];
    const e = badReleaseEffect(pods, 'web', BAD);
    expect(e?.pod.metadata.name).to.equal('web-2');
    expect(e?.state).to.equal('pull-failure');
  });

  it('is a lower ordinal when the controller made it first (maxUnavailable 2: web-2 never came back)', () => {
    const pods = [
      pod('web-0', { created: '2026-01-01T00:00:00Z', ready: true }),
      pod('web-1', { image: BAD, created: '2026-01-01T00:01:00Z', waiting: 'ImagePullBackOff' }),
    ];
    expect(badReleaseEffect(pods, 'web', BAD)?.pod.metadata.name).to.equal('web-1');
    const byName = new Map(pods.map((p) => [p.metadata.name, p]));
    expect(describeBadRelease(byName, ['web-0', 'web-1', 'web-2'], 'web', BAD)).to.equal(
      'web-0 (uid uid-web-) on its old image, Ready; web-1 (uid uid-web-) on the bad image, ImagePullBackOff; web-2 absent',
    );
  });

  it('is nothing yet while the pod on the bad image is only being created, or an old pod still runs', () => {
    const pods = [
      pod('web-1', { created: '2026-01-01T00:00:00Z', ready: true }),
      pod('web-2', { image: BAD, created: '2026-01-01T00:01:00Z', waiting: 'ContainerCreating' }),
    ];
    expect(badReleaseEffect(pods, 'web', BAD)).to.equal(undefined);
  });

  it('says when the image exists: a pod Ready on it', () => {
    const pods = [pod('web-2', { image: BAD, created: '2026-01-01T00:01:00Z', ready: true })];
    expect(badReleaseEffect(pods, 'web', BAD)?.state).to.equal('ready');
  });
});
