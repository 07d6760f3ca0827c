import { expect } from 'chai';
import type { Pod } from '../kube/objects.ts';
import { planReads, type ReadPlanInput } from './read-plan.ts';

type State = 'running' | 'waiting' | 'deleting';

function pod(uid: string, state: State, container = 'web') {
  return {
    metadata: {
      name: 'web-1',
      uid,
      ...(state === 'deleting' ? { deletionTimestamp: '2026-11-25T12:00:00Z' } : {}),
    },
    status: {
      containerStatuses: [
        { name: container, state: state === 'waiting' ? { waiting: {} } : { running: {} } },
      ],
    },
  };
}

const startedEvent = (uid: string, container = 'web') => ({
  reason: 'Started',
  involvedObject: { kind: 'Pod', uid, fieldPath: `spec.containers{${container}}` },
});

/** Ordinal 1 is the victim (old uid `old-1`); `pods` maps each ordinal to its pod now. */
function plan(pods: Record<number, Pod | undefined>, over: Partial<ReadPlanInput> = {}) {
  let asked = 0;
  const events = over.events ?? (() => []);
  const r = planReads({
    pending: Object.keys(pods).map(Number),
    podOf: (i) => pods[i],
    victimOrdinal: 1,
    victimUid: 'old-1',
    victimChanged: (p) => p.metadata.uid !== 'old-1',
    container: 'web',
    tried: new Set(),
    ...over,
    events: () => {
      asked++;
      return events();
    },
  });
  return { ...r, asked };
}

describe('planReads: the VOL-3 reads that overlap a recovery', () => {
  it('reads the running pods now; the victim only once it changed', () => {
    const r = plan({ 0: pod('a-0', 'running'), 1: pod('old-1', 'running'), 2: pod('a-2', 'running') });
    expect(r.now).to.deep.equal([0, 2]);
    expect(r.early).to.deep.equal([]);
    const changed = plan({ 1: pod('new-1', 'running') });
    expect(changed.now).to.deep.equal([1]);
  });

  it('tries a new pod early once the kubelet reported its container Started, before the status says so', () => {
    const events = () => [startedEvent('new-1')];
    const r = plan({ 1: pod('new-1', 'waiting') }, { events });
    expect(r.now).to.deep.equal([]);
    expect(r.early).to.deep.equal([{ ordinal: 1, uid: 'new-1' }]);
  });

  it('does not try early: no Started event, another container started, another pod, or tried already', () => {
    expect(plan({ 1: pod('new-1', 'waiting') }).early).to.deep.equal([]);
    for (const events of [
      () => [startedEvent('new-1', 'sidecar')],
      () => [startedEvent('other')],
      () => [{ ...startedEvent('new-1'), reason: 'Created' }],
    ])
      expect(plan({ 1: pod('new-1', 'waiting') }, { events }).early, String(events)).to.deep.equal([]);
    const events = () => [startedEvent('new-1')];
    expect(plan({ 1: pod('new-1', 'waiting') }, { events, tried: new Set(['new-1']) }).early).to.deep.equal(
      [],
    );
  });

  it("never reads the victim's old pod early (a restart in place shows only in the status), nor a deleting pod", () => {
    const events = () => [startedEvent('old-1'), startedEvent('a-0')];
    const r = plan({ 0: pod('a-0', 'deleting'), 1: pod('old-1', 'waiting') }, { events });
    expect(r.now).to.deep.equal([]);
    expect(r.early).to.deep.equal([]);
  });

  it('asks for the Events only when a pod could be tried early', () => {
    expect(plan({ 0: pod('a-0', 'running'), 2: undefined }).asked).to.equal(0);
  });
});
