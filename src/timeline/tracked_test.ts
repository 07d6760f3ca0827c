import { expect } from 'chai';
import { TrackedCondition } from './tracked.ts';

describe('a condition tracked event by event', () => {
  it('gives the event after which it has held, not the time it is asked', () => {
    let ok = false;
    const t = new TrackedCondition(() => ok, 100);
    expect(t.since()).to.equal(undefined);
    t.onEvent(110);
    ok = true;
    t.onEvent(120);
    t.onEvent(130); // still true: it came true at 120
    expect(t.since()).to.equal(120);
    ok = false;
    t.onEvent(140);
    expect(t.since()).to.equal(undefined);
    ok = true;
    t.onEvent(150);
    expect(t.since()).to.equal(150);
  });

  it('holding when tracking starts: since then', () => {
    expect(new TrackedCondition(() => true, 100).since()).to.equal(100);
  });
});
