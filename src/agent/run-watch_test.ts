import { expect } from 'chai';
import { Duration } from '../util/duration.ts';
import { type LeaseView, RESUME_ANNOTATION, RunWatch } from './run-watch.ts';

/** A run watch over a scripted Lease and clock. */
function watch(views: (LeaseView | 'gone' | Error)[]) {
  let t = 0;
  const w = new RunWatch({
    read: async () => {
      const v = (views.length > 1 ? views.shift() : views[0]) ?? 'gone';
      if (v instanceof Error) throw v;
      return v;
    },
    lease: 'ns/sts-chaos-web',
    holder: 'run-1',
    node: 'n1',
    period: Duration.seconds(20),
    now: () => t,
  });
  return {
    w,
    at: (ms: number) => {
      t = ms;
    },
  };
}

const held = (renewTime: string, annotations?: Record<string, string>): LeaseView => ({
  holder: 'run-1',
  renewTime,
  annotations,
});

describe('RunWatch (the dead-man switch)', () => {
  it('lives while the Lease is renewed', async () => {
    const { w, at } = watch([held('a'), held('b'), held('c')]);
    expect(await w.check()).to.equal(undefined);
    at(30_000);
    expect(await w.check()).to.equal(undefined);
    at(60_000);
    expect(await w.check()).to.equal(undefined);
  });

  it('ends after two periods without a renewal, measured on its own clock', async () => {
    const { w, at } = watch([held('a'), held('a'), held('a')]);
    expect(await w.check()).to.equal(undefined);
    at(40_000);
    expect(await w.check()).to.equal(undefined);
    at(40_001);
    const r = await w.check();
    expect(r?.ended).to.equal('dead-man');
    expect(r?.why).to.match(/ns\/sts-chaos-web was not renewed for 40s \(two periods: 40s\)/);
  });

  it('ends at once when the Lease is gone or held by another run', async () => {
    expect((await watch(['gone']).w.check())?.why).to.match(/is gone/);
    const other = await watch([{ holder: 'run-2', renewTime: 'x' }]).w.check();
    expect(other).to.deep.include({ ended: 'dead-man' });
    expect(other?.why).to.match(/held by run-2, not run-1/);
  });

  it('rides out read errors for two periods, then ends, naming the error', async () => {
    const { w, at } = watch([held('a'), new Error('connect ECONNREFUSED')]);
    expect(await w.check()).to.equal(undefined);
    at(39_000);
    expect(await w.check()).to.equal(undefined);
    at(41_000);
    expect((await w.check())?.why).to.match(/could not be read for 41s \(connect ECONNREFUSED\)/);
  });

  it('a resume request for this node, or for every node, ends the hold as requested; another node is ignored', async () => {
    expect(await watch([held('a', { [RESUME_ANNOTATION]: 'n2' })]).w.check()).to.equal(undefined);
    expect((await watch([held('a', { [RESUME_ANNOTATION]: 'n2,n1' })]).w.check())?.ended).to.equal(
      'requested',
    );
    expect((await watch([held('a', { [RESUME_ANNOTATION]: '*' })]).w.check())?.ended).to.equal('requested');
  });
});
