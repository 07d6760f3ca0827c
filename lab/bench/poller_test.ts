import { expect } from 'chai';
import { Duration } from '../../src/util/duration.ts';
import { Judge, type PodView, poll } from './poller.ts';

const pod = (name: string, over: Partial<PodView> = {}): PodView => ({
  name,
  uid: `${name}-a`,
  ready: true,
  deleting: false,
  restarts: 0,
  ...over,
});
const names = ['web-0', 'web-1'];
const before = { pod: 'web-1', uid: 'web-1-a', restarts: 0 };

describe('bench poller', () => {
  it('new-uid: recovered only when the victim is back Ready with a new uid', () => {
    const j = new Judge(before, 'new-uid', names);
    expect(j.recovered([pod('web-0'), pod('web-1')])).to.equal(false);
    expect(j.recovered([pod('web-0'), pod('web-1', { uid: 'b', ready: false })])).to.equal(false);
    expect(j.recovered([pod('web-0'), pod('web-1', { deleting: true })])).to.equal(false);
    expect(j.recovered([pod('web-0'), pod('web-1', { uid: 'b' })])).to.equal(true);
  });

  it('restart: a higher restart count or a new uid', () => {
    const j = new Judge(before, 'restart', names);
    expect(j.recovered([pod('web-0'), pod('web-1')])).to.equal(false);
    expect(j.recovered([pod('web-0'), pod('web-1', { restarts: 1 })])).to.equal(true);
  });

  it('ready: only after it saw the victim not Ready', () => {
    const j = new Judge(before, 'ready', names);
    expect(j.recovered([pod('web-0'), pod('web-1')])).to.equal(false);
    expect(j.recovered([pod('web-0'), pod('web-1', { ready: false })])).to.equal(false);
    expect(j.recovered([pod('web-0'), pod('web-1')])).to.equal(true);
  });

  it('waits one interval before the first look and reports the tick that saw recovery', async () => {
    let n = 0;
    const list = async () => {
      n += 1;
      return n < 3
        ? [pod('web-0'), pod('web-1', { ready: false })]
        : [pod('web-0'), pod('web-1', { uid: 'b' })];
    };
    const t0 = Date.now();
    const at = await poll(
      list,
      new Judge(before, 'new-uid', names),
      Duration.millis(20),
      new AbortController().signal,
    );
    expect(n).to.equal(3);
    expect((at ?? 0) - t0).to.be.at.least(55);
  });

  it('takes its first look after `first` when given (a phase not tied to the injection)', async () => {
    const looks: number[] = [];
    const t0 = Date.now();
    const list = async () => {
      looks.push(Date.now() - t0);
      return looks.length < 2
        ? [pod('web-0'), pod('web-1', { ready: false })]
        : [pod('web-0'), pod('web-1', { uid: 'b' })];
    };
    await poll(
      list,
      new Judge(before, 'new-uid', names),
      Duration.millis(60),
      new AbortController().signal,
      Duration.millis(5),
    );
    expect(looks).to.have.length(2);
    expect(looks[0]).to.be.below(40);
    expect(looks[1]).to.be.at.least(60);
  });

  it('stops without a verdict when aborted', async () => {
    const ac = new AbortController();
    const p = poll(async () => [], new Judge(before, 'new-uid', names), Duration.millis(10), ac.signal);
    setTimeout(() => ac.abort(), 35);
    expect(await p).to.equal(undefined);
  });
});
