import { expect } from 'chai';
import { derive } from '../derive.ts';
import { TimelineBuilder, ts } from '../testing/builder.ts';

describe('pod events', () => {
  it('attaches pod Events to the incarnation they are about', () => {
    const d = derive(
      new TimelineBuilder().at(0).podCreated(0, { node: 'n1' }).at(1).event(0, 'Started').build(),
    );
    expect(d.ordinals.get(0)?.[0]?.events).to.deep.equal([{ at: ts(1), reason: 'Started', message: '' }]);
  });

  it('keeps an Event that arrives before its pod for the incarnation, and ignores deleted ones', () => {
    const tl = new TimelineBuilder().at(0).podCreated(0).event(0, 'Scheduled', 'to n1').build();
    const [pod, event] = tl.entries;
    if (!pod || !event || event.kind !== 'object') throw new Error('unexpected timeline');
    const deleted = { ...event, seq: 99, type: 'DELETED' as const };
    const d = derive({ ...tl, entries: [event, deleted, pod] as typeof tl.entries });
    expect(d.ordinals.get(0)?.[0]?.events).to.deep.equal([
      { at: ts(0), reason: 'Scheduled', message: 'to n1' },
    ]);
  });
});
