import { expect } from 'chai';
import { derive } from './incarnations.ts';
import { TimelineStore, timelineFromJSON, timelineToJSON } from './store.ts';
import { defaultTarget, TimelineBuilder } from './testing/builder.ts';
import type { PodSnapshot } from './types.ts';

const pod: PodSnapshot = {
  metadata: { name: 'web-0', uid: 'u0', labels: {} },
  spec: { nodeName: 'n1' },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
};

describe('TimelineStore', () => {
  it('assigns seq in order and at from the injected clock, never going back', () => {
    const times = [1000, 1005, 1003, 1010];
    const store = new TimelineStore(defaultTarget, { clock: () => times.shift() ?? 2000 });
    expect(store.startedAt).to.equal(1000);
    const a = store.object({
      type: 'ADDED',
      resource: 'Pod',
      name: 'web-0',
      namespace: 'ns',
      uid: 'u0',
      resourceVersion: '1',
      object: pod,
    });
    const b = store.mark({ mark: 'fault-start', fault: 'pod-kill', ordinal: 0 });
    const c = store.sample({ probe: 'role', ordinal: 0, pod: 'web-0', value: 'primary', ok: true });
    expect([a.seq, b.seq, c.seq]).to.deep.equal([0, 1, 2]);
    expect([a.at, b.at, c.at]).to.deep.equal([1005, 1005, 1010]);
    expect(a.kind).to.equal('object');
    expect(store.size).to.equal(3);
  });

  it('refuses appends after end and records when it ended', () => {
    let now = 0;
    const store = new TimelineStore(defaultTarget, { clock: () => (now += 10) });
    store.mark({ mark: 'note' });
    store.end();
    store.end();
    expect(store.timeline().endedAt).to.equal(30);
    expect(() => store.mark({ mark: 'note' })).to.throw(/recording has ended/);
  });

  it('round-trips through JSON and replays to the same derivation', () => {
    const tl = new TimelineBuilder().steadyState().at(10).podDeleted(1).at(12).podUp(1, 'n2').build();
    const back = timelineFromJSON(timelineToJSON(tl));
    expect(back).to.deep.equal(tl);
    expect(
      derive(back)
        .ordinals.get(1)
        ?.map((i) => i.uid),
    ).to.deep.equal(['uid-web-1-1', 'uid-web-1-2']);
    let now = 0;
    const store = new TimelineStore(defaultTarget, { clock: () => now++ });
    store.mark({ mark: 'step', details: { step: 'scale' } });
    expect(TimelineStore.fromJSON(JSON.stringify(store))).to.deep.equal(store.timeline());
  });

  it('rejects what is not a timeline, naming the problem', () => {
    const ok = new TimelineBuilder().at(0).podUp(0).at(1).podUnready(0).build();
    expect(() => timelineFromJSON('[]')).to.throw(/expected an object/);
    expect(() => timelineFromJSON({ ...ok, target: {} })).to.throw(/target must name/);
    expect(() => timelineFromJSON({ ...ok, startedAt: 'x' })).to.throw(/startedAt/);
    const [first, second] = ok.entries;
    expect(() => timelineFromJSON({ ...ok, entries: [second, first] })).to.throw(/seq/);
    expect(() => timelineFromJSON({ ...ok, entries: [{ ...first, kind: 'weird' }] })).to.throw(
      /unknown kind "weird"/,
    );
    expect(() => timelineFromJSON({ ...ok, entries: [first, { ...second, at: 0 }] })).to.throw(
      /back in time/,
    );
  });
});
