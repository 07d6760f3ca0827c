import { expect } from 'chai';
import { TimelineBuilder } from '../timeline/testing/builder.ts';
import { ord3RollingUpdate } from './ord-3-rolling-update.ts';
import { maxUnavailableOf } from './rollout.ts';
import { R2, replace, rollout, updateEnd, updateStart } from './testing/rollouts.ts';
import { run } from './testing/run.ts';

describe('ORD-3 end state (in the window of an update fault)', () => {
  it('passes a finished rollout, saying what was compared', () => {
    const b = updateStart('restart');
    const r = run(ord3RollingUpdate, updateEnd(rollout(b, [4, 3, 2, 1, 0], 11), 36).build(40));
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.contain(
      'end state consistent: generation 2 observed, updatedReplicas 5 (replicas 5 − partition 0), currentRevision = updateRevision web-r2',
    );
  });

  it('fails an unfinished status at the window’s end, naming each inconsistency', () => {
    const b = updateStart('restart');
    rollout(b, [4, 3, 2, 1, 0], 11);
    b.at(36).statefulSet({ updatedReplicas: 4, currentReplicas: 1 }).statefulSet({ generation: 3 });
    const r = run(ord3RollingUpdate, b.faultEnd('rolling-update').build(40));
    expect(r.status).to.equal('fail');
    expect(r.reason).to.equal(
      "at the window's end (12:00:40.000Z (+40s); status of 12:00:36.000Z (+36s)) the rollout was not finished: observedGeneration 2 is below generation 3 (the controller had not acted on the last spec); updatedReplicas is 4, not 5 (replicas 5 − partition 0); currentRevision web-r1 is not updateRevision web-r2 although the partition is 0",
    );
  });

  it('under a partition kept by the user, expects replicas − partition updated and leaves the revisions alone', () => {
    const b = updateStart('restart', { partition: 2 });
    rollout(b, [4, 3, 2], 11);
    const good = run(
      ord3RollingUpdate,
      b.at(30).statefulSet({ updatedReplicas: 3 }).faultEnd('rolling-update').build(35),
    );
    expect(good.status, good.reason).to.equal('pass');
    expect(good.reason)
      .to.contain('updatedReplicas 3 (replicas 5 − partition 2)')
      .and.not.contain('currentRevision');
    const bad = updateStart('restart', { partition: 2 });
    rollout(bad, [4, 3], 11);
    const r = run(
      ord3RollingUpdate,
      bad.at(30).statefulSet({ updatedReplicas: 2 }).faultEnd('rolling-update').build(35),
    );
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain('updatedReplicas is 2, not 3 (replicas 5 − partition 2)');
  });

  it('judges the end state even when one pod per revision leaves no order to compare', () => {
    const b = updateStart('restart', { replicas: 1 });
    replace(b, 0, 11);
    const skipped = run(ord3RollingUpdate, updateEnd(b, 20).build(25));
    expect(skipped.status, skipped.reason).to.equal('skip');
    expect(skipped.reason).to.contain('no update order or partition could be compared (end state consistent');
    const c = updateStart('restart', { replicas: 1 });
    const failed = run(ord3RollingUpdate, replace(c, 0, 11).faultEnd('rolling-update').build(25));
    expect(failed.status).to.equal('fail');
    expect(failed.reason).to.contain('updatedReplicas is 0, not 1');
  });

  it('is not judged outside an update fault, where the window may end mid-rollout', () => {
    const b = new TimelineBuilder({ replicas: 5 }).steadyState().at(10).statefulSet({ updateRevision: R2 });
    const r = run(ord3RollingUpdate, rollout(b, [4, 3], 11).build(20));
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.not.contain('end state');
  });
});

describe('maxUnavailableOf', () => {
  it('reads a number, a percentage of the replicas rounded up, and at least 1', () => {
    const spec = (maxUnavailable?: number | string) =>
      ({ replicas: 5, maxUnavailable }) as Parameters<typeof maxUnavailableOf>[0];
    expect(maxUnavailableOf(spec())).to.equal(1);
    expect(maxUnavailableOf(spec(2))).to.equal(2);
    expect(maxUnavailableOf(spec('2'))).to.equal(2);
    expect(maxUnavailableOf(spec('50%'))).to.equal(3);
    expect(maxUnavailableOf(spec('0%'))).to.equal(1);
    expect(maxUnavailableOf(spec(0))).to.equal(1);
  });
});
