import { expect } from 'chai';
import type { TimelineBuilder } from '../timeline/testing/builder.ts';
import { ord3RollingUpdate } from './ord-3-rolling-update.ts';
import { R1, replace, updateStart } from './testing/rollouts.ts';
import { run } from './testing/run.ts';

/** sts-chaos deletes ordinal o at t (its step mark first); the controller brings it back on `revision`. */
function toolDeletes(b: TimelineBuilder, o: number, t: number, revision?: string): TimelineBuilder {
  b.at(t).step('on-delete-pod', { ordinal: o });
  return replace(b, o, t, revision ? { revision } : {});
}

/** The end of the OnDelete step: every pod on the update revision (currentRevision stays), fault-end. */
function end(b: TimelineBuilder, t: number): TimelineBuilder {
  return b.at(t).statefulSet({ updatedReplicas: 3 }).faultEnd('rolling-update');
}

describe('ORD-3 under OnDelete, within an on-delete rolling update', () => {
  it('passes a template change that replaced nothing by itself, then each deleted pod back on the update revision', () => {
    const b = updateStart('on-delete', { replicas: 3 });
    toolDeletes(b, 2, 40);
    toolDeletes(b, 1, 45);
    toolDeletes(b, 0, 50);
    const r = run(ord3RollingUpdate, end(b, 55).build(60));
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason)
      .to.contain(
        'OnDelete rollout from 12:00:10.000Z (+10s): no pod replaced by the controller itself before sts-chaos deleted the first at 12:00:40.000Z (+40s); web-2 on web-r2, web-1 on web-r2, web-0 on web-r2 after sts-chaos deleted them',
      )
      .and.contain(
        'end state consistent: generation 2 observed, updatedReplicas 3 (replicas 3, every pod deleted under OnDelete)',
      );
  });

  it('fails a pod deleted after the template change before sts-chaos deleted any', () => {
    const b = updateStart('on-delete', { replicas: 3 });
    replace(b, 1, 15); // the controller (or someone) replaced web-1 by itself
    toolDeletes(b, 2, 40);
    toolDeletes(b, 0, 50);
    const r = run(ord3RollingUpdate, end(b, 55).build(60));
    expect(r.status).to.equal('fail');
    expect(r.reason).to.equal(
      'OnDelete: web-1 (uid uid-web-1-1, revision web-r1) was deleted at 12:00:15.000Z (+15s), after the template change at 12:00:10.000Z (+10s) and before sts-chaos deleted any pod (first at 12:00:40.000Z (+40s)): under OnDelete the controller replaces no pod by itself',
    );
  });

  it('fails a pod sts-chaos deleted that came back on the old revision, and a deletion it did not ask for', () => {
    const b = updateStart('on-delete', { replicas: 3 });
    toolDeletes(b, 2, 40, R1);
    replace(b, 1, 45); // after the first step mark, but web-1 was not asked for
    toolDeletes(b, 0, 50);
    const r = run(ord3RollingUpdate, end(b, 55).build(60));
    expect(r.status).to.equal('fail');
    expect(r.reason)
      .to.contain(
        'OnDelete: web-2 (uid uid-web-2-2) replaced web-2 (uid uid-web-2-1) at 12:00:41.000Z (+41s) on revision web-r1, not the update revision web-r2',
      )
      .and.contain(
        'OnDelete: web-1 (uid uid-web-1-1, revision web-r1) was deleted at 12:00:45.000Z (+45s) although sts-chaos had not asked for it (no on-delete-pod step for web-1 before)',
      );
  });

  it('still does not judge pods replaced under OnDelete outside such a fault', () => {
    const b = updateStart('on-delete', { replicas: 3 });
    end(b, 20);
    replace(b, 2, 30);
    const r = run(ord3RollingUpdate, b.build(40), {}, undefined);
    // The fault's own window saw nothing deleted; the later replacement is not counted.
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.contain('no pod replaced by the controller itself');
    expect(r.measurements?.updates).to.equal(0);
  });
});
