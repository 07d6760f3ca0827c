import { expect } from 'chai';
import { markerLine } from '../timeline/marker.ts';
import { TimelineBuilder } from '../timeline/testing/builder.ts';
import { DATA_WRITE_STEP, MARKER_WRITE_STEP } from '../timeline/types.ts';
import { run } from './testing/run.ts';
import { vol3DataSurvives } from './vol-3-data-survives.ts';

/** Markers m0..m2 read back before a pod kill of web-1 at 10 s; web-1 is back at 12 s. */
function withMarkers(): TimelineBuilder {
  const b = new TimelineBuilder().steadyState().at(5);
  for (const o of [0, 1, 2]) b.sample('marker', o, `m${o}`);
  return b
    .at(10)
    .faultStart('pod-kill', { ordinal: 1 })
    .podDeleted(1)
    .at(11)
    .sample('marker', 1, 'exec failed', false)
    .at(12)
    .podUp(1, 'n2');
}

describe('VOL-3 data survives', () => {
  it('passes when each ordinal reads its own marker back after the fault', () => {
    const r = run(
      vol3DataSurvives,
      withMarkers().at(13).sample('marker', 1, 'm1').sample('marker', 0, 'm0').build(),
    );
    expect(r.status, r.reason).to.equal('pass');
    expect(r.measurements).to.deep.equal({ ordinals: 2, reads: 2 });
  });

  it("fails naming the pod that reads another ordinal's marker", () => {
    const r = run(vol3DataSurvives, withMarkers().at(13).sample('marker', 1, 'm0').build());
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain('web-1 (uid uid-web-1-2) read web-0\'s marker "m0"');
  });

  it('fails naming the pod whose marker changed or cannot be read', () => {
    const changed = run(vol3DataSurvives, withMarkers().at(13).sample('marker', 1, '').build());
    expect(changed.status).to.equal('fail');
    expect(changed.reason).to.contain('web-1').and.contain('expected "m1"');
    const unreadable = run(vol3DataSurvives, withMarkers().build());
    expect(unreadable.status).to.equal('fail');
    expect(unreadable.reason).to.contain('web-1 could not read its marker back').and.contain('exec failed');
  });

  it('takes a new baseline after a marker-write step', () => {
    const b = withMarkers()
      .at(13)
      .sample('marker', 1, 'm1')
      .at(20)
      .step(MARKER_WRITE_STEP)
      .sample('marker', 1, 'm1-b');
    b.at(30).faultStart('process-kill', { ordinal: 1 }).at(35).sample('marker', 1, 'm1-b');
    expect(run(vol3DataSurvives, b.build()).status).to.equal('pass');
  });

  it('does not compare an ordinal after a claim-deletion fault removed its claim', () => {
    const b = new TimelineBuilder().steadyState().at(5).sample('marker', 0, 'm0').sample('marker', 1, 'm1');
    b.at(10)
      .faultStart('claim-deletion', { ordinal: 1 })
      .at(30)
      .sample('marker', 1, '')
      .sample('marker', 0, 'm0');
    const r = run(vol3DataSurvives, b.build(40));
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.contain('not compared after their claim was deleted: web-1');
  });

  it('leaves claims deleted with the StatefulSet under whenDeleted: Delete to VOL-5, and fails the same loss under Retain', () => {
    const at = (whenDeleted: 'Delete' | 'Retain') => {
      const b = new TimelineBuilder().steadyState().at(5).sample('marker', 0, 'm0').sample('marker', 1, 'm1');
      b.at(10)
        .faultStart('recreate', { details: { variant: 'delete', oldUid: 'o', whenDeleted } })
        .at(30)
        .sample('marker', 1, '')
        .sample('marker', 0, '');
      return run(vol3DataSurvives, b.build(40));
    };
    const byPolicy = at('Delete');
    expect(byPolicy.status, byPolicy.reason).to.equal('skip');
    expect(byPolicy.reason).to.contain('as whenDeleted: Delete says: no data was left to compare');
    expect(at('Retain').status).to.equal('fail');
    // The workload's data check too: its verify after such a deletion reads nothing, by policy.
    const data = (whenDeleted: 'Delete' | 'Retain') => {
      const b = new TimelineBuilder().steadyState().at(5).sample('data', 0, 'ok');
      b.at(10)
        .faultStart('recreate', { details: { variant: 'delete', oldUid: 'o', whenDeleted } })
        .at(30)
        .sample('data', 0, 'exit 1: missing rows 1 (seq 1, 60 attempts)', false);
      return run(vol3DataSurvives, b.build(40));
    };
    expect(data('Delete').status, data('Delete').reason).to.equal('skip');
    expect(data('Delete').reason).to.contain('as whenDeleted: Delete says');
    expect(data('Retain').status).to.equal('fail');
  });

  it('skips without marker reads, without templates, or without reads after a fault', () => {
    expect(run(vol3DataSurvives, new TimelineBuilder().steadyState().build()).reason).to.contain(
      'no marker reads',
    );
    const noTemplates = new TimelineBuilder({ claimTemplates: [] })
      .steadyState()
      .sample('marker', 0, 'm0')
      .build();
    expect(run(vol3DataSurvives, noTemplates).reason).to.contain('no volumeClaimTemplates');
    const noFault = new TimelineBuilder().steadyState().sample('marker', 0, 'm0').build();
    expect(run(vol3DataSurvives, noFault).status).to.equal('skip');
  });

  it('says which ordinals it could not compare because their marker was unreadable before the fault', () => {
    const b = new TimelineBuilder().steadyState().at(5).sample('marker', 0, 'm0');
    b.sample('marker', 1, 'cat: /data/.sts-chaos-marker: Permission denied', false);
    b.at(10).faultStart('pod-kill', { ordinal: 1 }).at(13).sample('marker', 0, 'm0').sample('marker', 1, 'x');
    const r = run(vol3DataSurvives, b.build());
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.contain('not compared, their marker could not be read before the fault: web-1 (cat:');
    const none = new TimelineBuilder().steadyState().at(5).sample('marker', 0, 'denied', false);
    none.at(10).faultStart('pod-kill', { ordinal: 0 }).at(13).sample('marker', 0, 'x');
    const s = run(vol3DataSurvives, none.build());
    expect(s.status).to.equal('skip');
    expect(s.reason).to.contain('web-0 (denied)');
  });

  describe('with a workload data check', () => {
    /** Record 1 written (acknowledged) before a pod kill of web-1; verify in every ordinal after it. */
    function withData(): TimelineBuilder {
      return new TimelineBuilder()
        .steadyState()
        .at(5)
        .step(DATA_WRITE_STEP, { seq: 1, ok: true })
        .at(10)
        .faultStart('pod-kill', { ordinal: 1 })
        .podDeleted(1)
        .at(12)
        .podUp(1, 'n2')
        .at(14);
    }

    it('passes when every ordinal reads every acknowledged record back', () => {
      const b = withData();
      for (const o of [0, 1, 2]) b.sample('data', o, 'records 1..1 readable (seq 1, 1 attempt)');
      const r = run(vol3DataSurvives, b.build());
      expect(r.status, r.reason).to.equal('pass');
      expect(r.reason).to.contain('the data check read records 1..1 back in 3 ordinals');
    });

    it('fails naming the pod, the fault and what verify said is missing', () => {
      const b = withData()
        .sample('data', 0, 'ok')
        .sample('data', 1, 'exit 1: missing rows 1 (seq 1, 60 attempts)', false);
      const r = run(vol3DataSurvives, b.build());
      expect(r.status).to.equal('fail');
      expect(r.reason)
        .to.contain('web-1 (uid uid-web-1-2): the data check failed after pod-kill at')
        .and.contain('missing rows 1');
    });

    it('fails on data even when the markers survived', () => {
      const b = withMarkers()
        .at(13)
        .sample('marker', 1, 'm1')
        .sample('data', 1, 'exit 1: key run:1 missing', false);
      const r = run(vol3DataSurvives, b.build());
      expect(r.status).to.equal('fail');
      expect(r.reason).to.contain('key run:1 missing');
    });
  });

  it('a timeline without evidence gives skip: marker read before a fault but none after, or a verify with no fault', () => {
    const noneAfter = new TimelineBuilder()
      .steadyState()
      .at(5)
      .sample('marker', 0, 'm0')
      .at(10)
      .faultStart('pod-kill', { ordinal: 0 })
      .build(30);
    const r = run(vol3DataSurvives, noneAfter);
    expect(r.status, r.reason).to.equal('skip');
    const noFault = new TimelineBuilder()
      .steadyState()
      .at(5)
      .step(DATA_WRITE_STEP, { seq: 1, ok: true })
      .at(6)
      .sample('data', 0, 'records 1..1 readable (seq 1, 1 attempt)')
      .build(30);
    const d = run(vol3DataSurvives, noFault);
    expect(d.status, d.reason).to.equal('skip');
    expect(d.reason).to.contain('after a fault');
  });
});

describe('VOL-3 against what was written', () => {
  const line = (ordinal: number, seq = 1, run = 'run-t') => markerLine({ ordinal, run, seq });
  const read = (l: string) => `/data=${l}`;
  /** Each ordinal wrote its marker at 4 s (web-2's write failing when `fail`); a pod kill of web-1 at 10 s. */
  function written(fail = false): TimelineBuilder {
    const w: Record<string, string> = { 0: line(0), 1: line(1) };
    if (!fail) w[2] = line(2);
    return new TimelineBuilder()
      .steadyState()
      .at(4)
      .step(MARKER_WRITE_STEP, {
        seq: 1,
        run: 'run-t',
        paths: ['/data'],
        written: w,
        ...(fail
          ? { failed: { 2: "exit 1: sh: can't create /data/.sts-chaos-marker.2.tmp: Read-only file system" } }
          : {}),
      })
      .at(10)
      .faultStart('pod-kill', { ordinal: 1 })
      .podDeleted(1)
      .at(12)
      .podUp(1, 'n2');
  }

  it('passes when every ordinal reads back exactly what it wrote', () => {
    const b = written().at(13);
    for (const o of [0, 1, 2]) b.sample('marker', o, read(line(o)));
    const r = run(vol3DataSurvives, b.build());
    expect(r.status, r.reason).to.equal('pass');
  });

  it("fails naming whose marker a pod read: another ordinal's (a shared data path), another run's, an older one", () => {
    const shared = written()
      .at(13)
      .sample('marker', 0, read(line(2)))
      .build();
    expect(run(vol3DataSurvives, shared).reason).to.contain(
      "web-0 (uid uid-web-0-1) read web-2's marker at /data",
    );
    const old = written()
      .at(13)
      .sample('marker', 1, read(line(1, 1, 'run-before')))
      .build();
    expect(run(vol3DataSurvives, old).reason).to.contain('read the marker of another run (run-before)');
  });

  it('never takes a read after the write as the baseline: a stale marker read before the fault still fails', () => {
    // web-1 reads an old marker both before and after the fault: the old logic compared it with itself.
    const b = written()
      .at(5)
      .sample('marker', 1, read(line(1, 0)))
      .at(13)
      .sample('marker', 1, read(line(1, 0)));
    const r = run(vol3DataSurvives, b.build());
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain('an older marker (seq 0; seq 1 was written)');
  });

  it('fails the ordinal whose write failed, with the error, never a skip', () => {
    const b = written(true).at(13);
    for (const o of [0, 1]) b.sample('marker', o, read(line(o)));
    const r = run(vol3DataSurvives, b.build());
    expect(r.status).to.equal('fail');
    expect(r.reason).to.contain('web-2 could not write its marker').and.contain('Read-only file system');
  });
});
