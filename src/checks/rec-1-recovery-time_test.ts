import { expect } from 'chai';
import { TimelineBuilder } from '../timeline/testing/builder.ts';
import { Duration } from '../util/duration.ts';
import { rec1RecoveryTime } from './rec-1-recovery-time.ts';
import { run } from './testing/run.ts';

/** Pod kill of web-1 at 10 s: gone 11, new pod 11.5, scheduled 12, attached 13, started 14, Ready 16. */
function podKill(): TimelineBuilder {
  return new TimelineBuilder()
    .steadyState()
    .at(10)
    .faultStart('pod-kill', { ordinal: 1 })
    .podTerminating(1)
    .at(11)
    .podDeleted(1)
    .faultEnd('pod-kill', { ordinal: 1 })
    .at(11.5)
    .podCreated(1)
    .at(12)
    .podScheduled(1, 'n2')
    .at(13)
    .event(1, 'SuccessfulAttachVolume')
    .at(14)
    .event(1, 'Started')
    .podRunning(1)
    .at(16)
    .podReady(1);
}

/** The same pod kill without the attach and start Events. */
function podKillNoEvents(): TimelineBuilder {
  return new TimelineBuilder()
    .steadyState()
    .at(10)
    .faultStart('pod-kill', { ordinal: 1 })
    .podTerminating(1)
    .at(11)
    .podDeleted(1)
    .faultEnd('pod-kill', { ordinal: 1 })
    .at(11.5)
    .podCreated(1)
    .at(12)
    .podScheduled(1, 'n2')
    .at(14)
    .podRunning(1)
    .at(16)
    .podReady(1);
}

describe('REC-1 recovery time', () => {
  it('passes within the budget and splits the time into phases', () => {
    const r = run(rec1RecoveryTime, podKill().build(30));
    expect(r.status, r.reason).to.equal('pass');
    expect(r.reason).to.contain('web-1 (uid uid-web-1-2) Ready at 12:00:16.000Z');
    expect(r.measurements).to.deep.include({
      recoveryMs: 6000,
      'fault1.pod-kill.deletionMs': 1000,
      'fault1.pod-kill.schedulingMs': 1000,
      'fault1.pod-kill.volumeAttachMs': 1000,
      'fault1.pod-kill.containerStartMs': 1000,
      'fault1.pod-kill.readyMs': 2000,
      deletionMs: 1000,
      readyMs: 2000,
    });
    // The same, typed: what the step report's recovery split is made from.
    expect(r.recovery).to.deep.equal({
      totalMs: 6000,
      phases: {
        deletionMs: 1000,
        schedulingMs: 1000,
        volumeAttachMs: 1000,
        containerStartMs: 1000,
        readyMs: 2000,
      },
    });
  });

  describe('the attach phase', () => {
    /** Pod kill of web-1 at 10 s, new pod scheduled on n2 at 12, Ready at 16; `attach` at 12 s, events at 13 s. */
    const moved = (attach: (b: TimelineBuilder) => TimelineBuilder, events = true) => {
      const b = new TimelineBuilder()
        .steadyState()
        .at(2)
        .attached('pv-data-web-1', 'n2')
        .at(10)
        .faultStart('pod-kill', { ordinal: 1 })
        .podTerminating(1)
        .at(11)
        .podDeleted(1)
        .detachRequested('pv-data-web-1', 'n2')
        .at(11.2)
        .detached('pv-data-web-1', 'n2')
        .at(11.5)
        .podCreated(1)
        .at(12)
        .podScheduled(1, 'n1');
      attach(b);
      if (events) b.at(13).event(1, 'SuccessfulAttachVolume');
      return b.at(14).event(1, 'Started').podRunning(1).at(16).podReady(1).build(30);
    };

    it("comes from the new pod's volume attached to its node (the attachment's watch event), before the Event", () => {
      const r = run(
        rec1RecoveryTime,
        moved((b) =>
          b.at(12.2).attachmentCreated('pv-data-web-1', 'n1').at(12.6).attached('pv-data-web-1', 'n1'),
        ),
      );
      expect(r.status, r.reason).to.equal('pass');
      expect(r.measurements).to.deep.include({ volumeAttachMs: 600, containerStartMs: 1400 });
      expect(r.reason).to.contain('volume attach 600ms');
    });

    it('comes from the SuccessfulAttachVolume Event when the attachments could not be watched', () => {
      const r = run(
        rec1RecoveryTime,
        moved((b) => b.watchForbidden('VolumeAttachment')),
      );
      expect(r.measurements).to.deep.include({ volumeAttachMs: 1000 });
    });

    it('says "no attach step" when the volume has no VolumeAttachment at all', () => {
      const r = run(rec1RecoveryTime, podKillNoEvents().build(30));
      expect(r.status, r.reason).to.equal('pass');
      expect(r.reason).to.contain('scheduling 1s, no attach step, container start');
      expect(r.reason).to.not.contain('volume attach');
      expect(r.measurements).to.deep.include({ volumeAttachMs: 0 });
      expect(r.recovery?.phases).to.not.have.property('noAttachStep');
    });
  });

  it('fails over budget naming the slowest ordinal and its phases', () => {
    const r = run(rec1RecoveryTime, podKill().build(30), { budget: Duration.seconds(5) });
    expect(r.status).to.equal('fail');
    expect(r.reason)
      .to.contain('1 over the budget of 5s')
      .and.contain('slowest web-1 (uid uid-web-1-2)')
      .and.contain('deletion 1s, scheduling 1s, volume attach 1s, container start 1s, ready 2s');
  });

  it('fails naming the ordinal that never came back, with its last state', () => {
    const tl = new TimelineBuilder()
      .steadyState()
      .at(10)
      .faultStart('node-drain', { node: 'n2' })
      .podDeleted(1)
      .at(11)
      .podCreated(1)
      .build(400);
    const r = run(rec1RecoveryTime, tl);
    expect(r.status).to.equal('fail');
    expect(r.reason)
      .to.contain('web-1 was not Ready again by the end of the run')
      .and.contain('uid-web-1-2) Pending, not scheduled');
  });

  it('passes a fault that disturbed nobody, and measures a container restart in place', () => {
    const cordon = new TimelineBuilder()
      .steadyState()
      .at(10)
      .faultStart('node-cordon', { node: 'n1' })
      .nodeCordoned('n1')
      .build(20);
    expect(run(rec1RecoveryTime, cordon).reason).to.contain('no ordinal lost readiness');
    const kill = new TimelineBuilder()
      .steadyState()
      .at(10)
      .faultStart('process-kill', { ordinal: 0 })
      .at(11)
      .podRestarted(0)
      .at(14)
      .podReady(0)
      .build(20);
    const r = run(rec1RecoveryTime, kill);
    expect(r.status, r.reason).to.equal('pass');
    expect(r.measurements).to.deep.include({
      recoveryMs: 4000,
      'fault1.process-kill.containerStartMs': 1000,
    });
  });

  it('skips without faults', () => {
    expect(run(rec1RecoveryTime, new TimelineBuilder().steadyState().build()).reason).to.contain('no fault');
  });

  it('a timeline without evidence gives skip: nothing recorded after the fault, or no ordinal expected', () => {
    const atEnd = new TimelineBuilder().steadyState().at(10).faultStart('pod-kill', { ordinal: 1 }).build(10);
    const r = run(rec1RecoveryTime, atEnd);
    expect(r.status, r.reason).to.equal('skip');
    expect(r.reason).to.contain('nothing was recorded after');
    const none = new TimelineBuilder().at(0).node('n1').service().statefulSet({ replicas: 0 });
    const z = run(rec1RecoveryTime, none.at(10).faultStart('node-cordon', { node: 'n1' }).build(60));
    expect(z.status, z.reason).to.equal('skip');
    expect(z.reason).to.contain('no ordinal');
  });

  describe('a rollout (one ordinal at a time): each ordinal against the budget, the rollout against the budget per ordinal', () => {
    /** A restart of 3 ordinals, highest first, each replaced in `each` seconds (deletion to Ready). */
    const rollout = (each: readonly number[]) => {
      const b = new TimelineBuilder()
        .steadyState()
        .at(10)
        .faultStart('rolling-update', { details: { variant: 'restart' } });
      let t = 10;
      each.forEach((secs, k) => {
        const ordinal = 2 - k;
        b.at(t)
          .podTerminating(ordinal, 2)
          .at(t + 1)
          .podDeleted(ordinal)
          .podCreated(ordinal)
          .podScheduled(ordinal, 'n1');
        t += secs;
        b.at(t).podRunning(ordinal).podReady(ordinal);
      });
      return b
        .at(t + 1)
        .faultEnd('rolling-update', { details: { variant: 'restart' } })
        .build(t + 5);
    };

    it('passes a healthy rollout longer than the budget in total (3 × 40 s, budget 1m)', () => {
      const r = run(rec1RecoveryTime, rollout([40, 40, 40]), { budget: Duration.minutes(1) });
      expect(r.status, r.reason).to.equal('pass');
    });

    it('fails an ordinal whose own replacement took longer than the budget', () => {
      const r = run(rec1RecoveryTime, rollout([10, 75, 10]), { budget: Duration.minutes(1) });
      expect(r.status, r.reason).to.equal('fail');
      expect(r.violations[0]?.message, r.violations[0]?.message).to.match(
        /1 over the budget of 1m each .*web-1 \(uid [^)]*\) Ready 1m15s after its own disruption/,
      );
    });
  });
});
