import { expect } from 'chai';
import { crashBackOffOf } from './probe-breakage.ts';

const now = Date.parse('2026-11-25T12:00:00Z');
const status = (restartCount: number, startedAgoS: number) => ({
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
