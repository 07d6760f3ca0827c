import { expect } from 'chai';
import type { Target } from '../engine/target.ts';
import { Duration } from '../util/duration.ts';
import { badImageOf } from './bad-release-ops.ts';
import { updatePlan } from './update-plan.ts';

const cfg = {
  updates: {
    onDeleteWatch: Duration.seconds(20),
    badReleaseHold: Duration.seconds(30),
    rollbackWait: Duration.seconds(60),
  },
};
const target = (strategy: Record<string, unknown> = { type: 'RollingUpdate' }, start = 0) =>
  ({
    name: 'web',
    replicas: 3,
    ordinalsStart: start,
    container: 'app',
    statefulSet: {
      metadata: { name: 'web', uid: 'u' },
      spec: {
        updateStrategy: strategy,
        template: {
          spec: { containers: [{ name: 'app', image: 'registry.local:5000/team/db:1.2@sha256:abc' }] },
        },
      },
    },
  }) as unknown as Target;

describe('the plan of an update step: which pods, in which order', () => {
  it('a restart replaces every ordinal, highest first; ordinals from spec.ordinals.start', () => {
    expect(updatePlan({ fault: 'rolling-update', variant: 'restart' }, target(), cfg)).to.match(
      /^replaces web-2, web-1, web-0 in that order/,
    );
    expect(updatePlan({ fault: 'rolling-update', variant: 'restart' }, target(undefined, 5), cfg)).to.match(
      /^replaces web-7, web-6, web-5 in that order/,
    );
  });

  it('a partition: the ordinals at or above it, then the rest once the user partition is back', () => {
    expect(updatePlan({ fault: 'rolling-update', variant: 'partition' }, target(), cfg)).to.equal(
      'partition 2: web-2 replaced (highest first), web-1, web-0 must keep their revision; then the partition back to 0: web-1, web-0 follow',
    );
  });

  it('OnDelete: nothing by itself, then the tool deletes each in turn; the other steps skip', () => {
    const od = target({ type: 'OnDelete' });
    expect(updatePlan({ fault: 'rolling-update', variant: 'on-delete' }, od, cfg)).to.match(
      /^nothing replaced by the controller for 20s; then sts-chaos deletes web-2, web-1, web-0/,
    );
    expect(updatePlan({ fault: 'rolling-update', variant: 'restart' }, od, cfg)).to.equal(
      'skipped: updateStrategy is OnDelete',
    );
  });

  it('a bad release names the image it puts in and the one it restores; nothing for other faults', () => {
    expect(updatePlan({ fault: 'bad-release' }, target(), cfg)).to.match(
      /^web-2\/app: image registry.local:5000\/team\/db:1.2@sha256:abc → registry.local:5000\/team\/db:sts-chaos-bad-release-/,
    );
    expect(updatePlan({ fault: 'pod-kill' }, target(), cfg)).to.equal(undefined);
  });

  it('maxUnavailable 2 (where the cluster keeps the field): two at a time, and a bad release may break two', () => {
    const mu = target({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } });
    expect(updatePlan({ fault: 'rolling-update', variant: 'restart' }, mu, cfg)).to.match(
      /^replaces web-2, web-1, web-0 in that order, up to 2 at a time \(maxUnavailable 2\), never more not Ready;/,
    );
    expect(updatePlan({ fault: 'bad-release' }, mu, cfg)).to.contain(
      '(cannot be pulled) (maxUnavailable 2: the controller may break web-2, web-1 at once, and ORD-5 then fails); every other',
    );
    const pct = target({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '50%' } });
    expect(updatePlan({ fault: 'rolling-update', variant: 'restart' }, pct, cfg)).to.contain(
      'up to 2 at a time (maxUnavailable 50%)',
    );
  });

  it('a recreate step says what is deleted and made again, and what whenDeleted means for the claims', () => {
    const t = { ...target(), claimTemplates: ['data'] } as unknown as Target;
    expect(updatePlan({ fault: 'recreate', variant: 'orphan' }, t, cfg)).to.match(
      /^StatefulSet undefined\/web \(uid u\) deleted with propagationPolicy Orphan \(its pods web-0..web-2 keep running, unowned\)/,
    );
    expect(updatePlan({ fault: 'recreate', variant: 'delete' }, t, cfg)).to.contain(
      'whenDeleted: Retain: its claims (data-web-*) stay, and the re-created pods mount them again',
    );
    const del = {
      ...t,
      statefulSet: {
        ...t.statefulSet,
        spec: { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete' } },
      },
    } as unknown as Target;
    expect(updatePlan({ fault: 'recreate', variant: 'delete' }, del, cfg)).to.contain(
      'THE DATA IN THEM IS LOST',
    );
  });

  it('the bad image keeps the repository (registry port, path), drops tag and digest', () => {
    expect(badImageOf('registry.local:5000/team/db:1.2@sha256:abc', 'run-1')).to.equal(
      'registry.local:5000/team/db:sts-chaos-bad-release-run-1',
    );
    expect(badImageOf('localhost/lab/busybox', 'r')).to.equal(
      'localhost/lab/busybox:sts-chaos-bad-release-r',
    );
    expect(badImageOf('mariadb:11', 'r')).to.equal('mariadb:sts-chaos-bad-release-r');
  });
});
