import { expect } from 'chai';
import { TimelineBuilder } from '../timeline/testing/builder.ts';
import { Duration } from '../util/duration.ts';
import { sb4OneWriter } from './sb-4-one-writer.ts';
import { run } from './testing/run.ts';

function rounds(b: TimelineBuilder, from: number, to: number, primary: number): TimelineBuilder {
  for (let t = from; t < to; t += 5) {
    b.at(t);
    for (const o of [0, 1, 2]) b.sample('role', o, o === primary ? 'primary' : 'replica');
  }
  return b;
}

describe('SB-4 one writer', () => {
  it("says 'not observed' for the old incarnation on a lost node whose kubelet nobody could reach (before: dropped silently)", () => {
    // web-1 runs on n2; n2 is lost at 10 s, back at 60 s; the role queries of web-1 fail meanwhile.
    const b = new TimelineBuilder().steadyState();
    rounds(b, 1, 10, 0);
    b.at(10).faultStart('node-loss', { node: 'n2', details: { node: 'n2', containersLeftRunning: true } });
    for (let t = 12; t < 60; t += 5) {
      b.at(t).sample('role', 0, 'primary').sample('role', 2, 'replica');
      b.sample(
        'role',
        1,
        'error dialing backend: dial tcp 198.18.0.12:10250: connect: connection refused',
        false,
      );
    }
    b.at(60).faultEnd('node-loss', { node: 'n2' });
    const r = run(sb4OneWriter, b.build(70));
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.match(
      /web-1 \(uid uid-web-1-1\) on lost node n2 not observed from 12:00:10.000Z .* to 12:01:00.000Z .*\(10 role queries failed, last: error dialing backend/,
    );
    expect(r.measurements?.notObserved).to.equal(1);
  });

  it('passes through a clean failover: the old primary steps down before the new one takes over', () => {
    const b = rounds(new TimelineBuilder().steadyState(), 5, 20, 0);
    b.at(20).sample('role', 0, 'replica').at(20.2).sample('role', 1, 'PRIMARY ');
    rounds(b, 25, 40, 1);
    const r = run(sb4OneWriter, b.build());
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.contain('primaries seen: web-0, web-1');
  });

  it('fails naming both pods when two say primary within the overlap', () => {
    const b = rounds(new TimelineBuilder().steadyState(), 5, 20, 0);
    b.at(20).sample('role', 0, 'primary').at(20.3).sample('role', 2, 'primary');
    const r = run(sb4OneWriter, b.build());
    expect(r.status).to.equal('fail');
    expect(r.reason)
      .to.contain('two primaries: web-2 (uid uid-web-2-1)')
      .and.contain('web-0 (uid uid-web-0-1)')
      .and.contain('300ms apart');
  });

  it('does not count samples further apart than the overlap', () => {
    const b = new TimelineBuilder()
      .steadyState()
      .at(10)
      .sample('role', 0, 'primary')
      .at(12)
      .sample('role', 1, 'primary');
    expect(run(sb4OneWriter, b.build()).status).to.equal('pass');
    expect(run(sb4OneWriter, b.build(), { roleOverlap: Duration.seconds(3) }).status).to.equal('fail');
  });

  it('skips without role samples, or when every query failed', () => {
    const none = run(sb4OneWriter, new TimelineBuilder().steadyState().build());
    expect(none.status).to.equal('skip');
    expect(none.reason).to.contain('no role samples');
    const failed = new TimelineBuilder().steadyState().sample('role', 0, 'connection refused', false).build();
    expect(run(sb4OneWriter, failed).reason).to.contain('failed');
  });

  it('a timeline without evidence gives skip: role samples from one ordinal only', () => {
    const b = new TimelineBuilder().steadyState();
    for (let t = 5; t < 30; t += 5) b.at(t).sample('role', 0, 'primary');
    const r = run(sb4OneWriter, b.build());
    expect(r.status, r.reason).to.equal('skip');
    expect(r.reason).to.contain('only web-0');
  });
});
