import { expect } from 'chai';
import { crashBackOffOf, livenessSettleWait } from './probe-freeze.ts';

const now = Date.parse('2026-11-25T12:00:00Z');
const status = (restartCount: number, startedAgoS: number) => ({
  name: 'web',
  restartCount,
  state: { running: { startedAt: new Date(now - startedAgoS * 1000).toISOString() } },
});

describe('probe breakage: the crash back-off a liveness restart waits for', () => {
  it('is none for a container that never restarted, or has run for 10 minutes since', () => {
    expect(crashBackOffOf(status(0, 5), now).toMilliseconds()).to.equal(0);
    expect(crashBackOffOf(status(4, 601), now).toMilliseconds()).to.equal(0);
    expect(crashBackOffOf(undefined, now).toMilliseconds()).to.equal(0);
  });

  it('doubles with each recent restart and stops at 5 minutes', () => {
    expect(crashBackOffOf(status(1, 30), now).toSeconds()).to.equal(20);
    expect(crashBackOffOf(status(3, 30), now).toSeconds()).to.equal(80);
    expect(crashBackOffOf(status(7, 30), now).toSeconds()).to.equal(300);
  });
});

describe('probe breakage: the wait for a liveness probe to pass before a readiness freeze', () => {
  const uid = 'pod-uid';
  const liveness = { periodSeconds: 5 };
  const unhealthy = (agoS: number, over: Record<string, unknown> = {}) => ({
    involvedObject: { uid },
    reason: 'Unhealthy',
    message: 'Liveness probe failed: timeout',
    lastTimestamp: new Date(now - agoS * 1000).toISOString(),
    ...over,
  });
  const wait = (events: object[], probe: object | null = liveness) =>
    livenessSettleWait(events, uid, probe ?? undefined, now).toSeconds();

  it('waits one period and 2 s past the last liveness failure', () => {
    expect(wait([unhealthy(1)])).to.equal(6);
    expect(wait([unhealthy(30), unhealthy(3)])).to.equal(4);
  });

  it('takes a series time over the event time when the event repeats', () => {
    expect(
      wait([unhealthy(60, { series: { lastObservedTime: new Date(now - 2000).toISOString() } })]),
    ).to.equal(5);
  });

  it('does not wait when the failure is older than a period, or is not this pod liveness', () => {
    expect(wait([unhealthy(10)])).to.equal(0);
    expect(wait([unhealthy(1, { involvedObject: { uid: 'other' } })])).to.equal(0);
    expect(wait([unhealthy(1, { message: 'Readiness probe failed: timeout' })])).to.equal(0);
    expect(wait([unhealthy(1, { reason: 'Killing' })])).to.equal(0);
    expect(wait([])).to.equal(0);
  });

  it('does not wait when the container has no liveness probe', () => {
    expect(wait([unhealthy(1)], null)).to.equal(0);
  });
});
