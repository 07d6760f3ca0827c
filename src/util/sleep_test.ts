import { expect } from 'chai';
import { Duration } from './duration.ts';
import { sleep } from './sleep.ts';

describe('sleep', () => {
  it('waits the duration', async () => {
    const t0 = Date.now();
    await sleep(Duration.millis(30));
    expect(Date.now() - t0).to.be.at.least(25);
  });

  it('ends at once when the signal aborts, rejecting with its reason', async () => {
    const c = new AbortController();
    const t0 = Date.now();
    setTimeout(() => c.abort(new Error('SIGTERM')), 10);
    const err = await sleep(Duration.minutes(5), c.signal).catch((e: Error) => e);
    expect(err).to.be.instanceOf(Error).with.property('message', 'SIGTERM');
    expect(Date.now() - t0).to.be.below(1000);
  });

  it('does not start when the signal has already aborted', async () => {
    const err = await sleep(Duration.minutes(5), AbortSignal.abort(new Error('gone'))).catch((e: Error) => e);
    expect(err).to.have.property('message', 'gone');
  });
});
