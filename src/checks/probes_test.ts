import { expect } from 'chai';
import { TimelineBuilder } from '../timeline/testing/builder.ts';
import { ts } from '../timeline/testing/entries.ts';
import { defineCheck } from './define.ts';
import { type BrokenProbe, judgeProbeBreaks } from './probes.ts';
import { run } from './testing/run.ts';

/** A probe check that reports what it was handed and fails each break when told to. */
function probeCheck(seen: BrokenProbe[], failing = false) {
  return defineCheck({ id: 'T-P', title: 'probe', tags: [] }, ({ input }) =>
    judgeProbeBreaks(
      'T-P',
      input,
      'readiness',
      (brk) => {
        seen.push(brk);
        if (failing) brk.violation(brk.fault.startedAt, `${brk.broke}: bad`);
        else brk.note(`${brk.inc.name} fine`);
      },
      () => ({ extra: seen.length }),
    ),
  );
}

const readiness = { ordinal: 1, details: { probe: 'readiness' } };

describe('judgeProbeBreaks', () => {
  it('skips when no probe of that kind was broken', () => {
    const liveness = new TimelineBuilder()
      .steadyState()
      .at(10)
      .faultStart('probe-breakage', { ordinal: 1, details: { probe: 'liveness' } })
      .build(20);
    const r = run(probeCheck([]), liveness);
    expect([r.status, r.reason]).to.deep.equal(['skip', 'no readiness probe was broken during the run']);
  });

  it('skips with the notes when no break hit a pod', () => {
    const r = run(
      probeCheck([]),
      new TimelineBuilder()
        .steadyState()
        .at(10)
        .faultStart('probe-breakage', { details: { probe: 'readiness' } })
        .build(20),
    );
    expect(r.status).to.equal('skip');
    expect(r.reason).to.contain('readiness break at').and.contain('names no ordinal');
  });

  it('hands each break its pod, heal and opening words; passes with the notes and measures breaks first', () => {
    const seen: BrokenProbe[] = [];
    const tl = new TimelineBuilder()
      .steadyState()
      .at(10)
      .faultStart('probe-breakage', readiness)
      .at(30)
      .faultEnd('probe-breakage', readiness)
      .build(60);
    const r = run(probeCheck(seen), tl);
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.equal('web-1 fine');
    expect(r.measurements).to.deep.equal({ breaks: 1, extra: 1 });
    expect(seen[0]?.inc.uid).to.equal('uid-web-1-1');
    expect(seen[0]?.healed).to.equal(ts(30));
    expect(seen[0]?.broke).to.match(/^readiness probe of web-1 \(uid uid-web-1-1\) broken at /);
  });

  it('fails with the violations, each about the break’s ordinal', () => {
    const tl = new TimelineBuilder().steadyState().at(10).faultStart('probe-breakage', readiness).build(60);
    const r = run(probeCheck([], true), tl);
    expect(r.status).to.equal('fail');
    expect(r.violations.map((v) => v.ordinal)).to.deep.equal([1]);
    expect(r.reason).to.contain(': bad');
  });
});
