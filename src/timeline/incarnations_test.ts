import { expect } from 'chai';
import { derive, parseOrdinal } from './incarnations.ts';
import {
  expectedOrdinals,
  incarnationAt,
  liveAt,
  nodeExistsAt,
  nodeReadyAt,
  readyAtTime,
  readySpans,
  specAt,
  successorOf,
  taintedAt,
} from './queries.ts';
import { TimelineBuilder, ts } from './testing/builder.ts';

describe('derive', () => {
  it('parses ordinals only from S-<n>', () => {
    expect(parseOrdinal('web-0', 'web-')).to.equal(0);
    expect(parseOrdinal('web-12', 'web-')).to.equal(12);
    for (const bad of ['web-', 'web-01', 'web-1a', 'web-1-0', 'webx-1', 'other-1'])
      expect(parseOrdinal(bad, 'web-'), bad).to.equal(undefined);
  });

  it('follows one incarnation from creation to deletion', () => {
    const b = new TimelineBuilder()
      .at(0)
      .podCreated(1)
      .at(1)
      .podScheduled(1, 'n2')
      .at(2)
      .podRunning(1)
      .at(3)
      .podReady(1)
      .at(4)
      .podUnready(1)
      .at(5)
      .podReady(1)
      .at(6)
      .podRestarted(1)
      .at(8)
      .podTerminating(1)
      .at(9)
      .podDeleted(1);
    const d = derive(b.build());
    const [inc] = d.ordinals.get(1) ?? [];
    expect(inc).to.include({
      ordinal: 1,
      name: 'web-1',
      uid: 'uid-web-1-1',
      node: 'n2',
      createdAt: ts(0),
      scheduledAt: ts(1),
      runningAt: ts(2),
      deletionRequestedAt: ts(8),
      deletedAt: ts(9),
      hostname: 'web-1',
      subdomain: 'web-h',
      revision: 'web-r1',
      preexisting: false,
    });
    expect(inc?.readyAt).to.deep.equal([ts(3), ts(5)]);
    expect(inc?.unreadyAt).to.deep.equal([ts(4), ts(6)]);
    expect(inc?.claims).to.deep.equal(['data-web-1']);
    expect(inc?.restarts).to.deep.equal([{ at: ts(6), container: 'app', from: 0, to: 1 }]);
    expect(inc?.podIPs).to.have.length(1);
    if (!inc) return;
    expect(readySpans(inc)).to.deep.equal([
      { from: ts(3), to: ts(4) },
      { from: ts(5), to: ts(6) },
    ]);
    expect(readyAtTime(inc, ts(3.5))).to.equal(true);
    expect(readyAtTime(inc, ts(4.5))).to.equal(false);
    expect(liveAt(inc, ts(8.9))).to.equal(true);
    expect(liveAt(inc, ts(9))).to.equal(false);
  });

  it('keeps incarnations of an ordinal in creation order and ignores other pods', () => {
    const b = new TimelineBuilder().at(0).podUp(0, 'n1').at(5).podDeleted(0).at(6).podUp(0, 'n2');
    const tl = b.build();
    const stranger = {
      ...tl.entries[0],
      seq: 1000,
      name: 'other-0',
      uid: 'x',
      object: { metadata: { name: 'other-0', uid: 'x' }, spec: {}, status: {} },
    };
    const d = derive({ ...tl, entries: [...tl.entries, stranger] as typeof tl.entries });
    const list = d.ordinals.get(0) ?? [];
    expect(list.map((i) => i.uid)).to.deep.equal(['uid-web-0-1', 'uid-web-0-2']);
    expect(d.ordinals.size).to.equal(1);
    expect(incarnationAt(d, 0, ts(5.5))).to.equal(undefined);
    expect(incarnationAt(d, 0, ts(7))?.uid).to.equal('uid-web-0-2');
    expect(successorOf(d, list[0] as (typeof list)[0])?.uid).to.equal('uid-web-0-2');
  });

  it('marks pods that existed before recording started', () => {
    const d = derive(
      new TimelineBuilder().at(0).podUp(0, 'n1', { preexisting: true }).podUp(1, 'n1').build(),
    );
    expect(d.ordinals.get(0)?.[0]?.preexisting).to.equal(true);
    expect(d.ordinals.get(1)?.[0]?.preexisting).to.equal(false);
  });

  it('tracks claims, their volumes and their recreation', () => {
    const b = new TimelineBuilder()
      .at(0)
      .claimBound('data-web-0', 'pv-a')
      .at(1)
      .claimTerminating('data-web-0')
      .at(2)
      .claimDeleted('data-web-0')
      .at(3)
      .claimBound('data-web-0', 'pv-b')
      .at(4)
      .claimRebound('data-web-0', 'pv-c')
      .claimBound('unrelated-claim');
    const d = derive(b.build());
    const list = d.claims.get('data-web-0') ?? [];
    expect(list).to.have.length(2);
    expect(list[0]).to.include({
      volumeName: 'pv-a',
      deletionRequestedAt: ts(1),
      deletedAt: ts(2),
      ordinal: 0,
    });
    expect(list[1]?.volumeChanges).to.deep.equal([{ at: ts(4), from: 'pv-b', to: 'pv-c' }]);
    expect(d.claims.has('unrelated-claim')).to.equal(false);
  });

  it('tracks node readiness, cordons, taints and deletion', () => {
    const b = new TimelineBuilder()
      .at(0)
      .node('n1')
      .at(10)
      .nodeNotReady('n1')
      .at(20)
      .nodeTaint('n1', 'node.kubernetes.io/out-of-service')
      .at(30)
      .nodeReady('n1')
      .nodeUntaint('n1', 'node.kubernetes.io/out-of-service')
      .at(40)
      .nodeCordoned('n1')
      .at(50)
      .nodeDeleted('n1')
      .at(60)
      .node('n1');
    const d = derive(b.build());
    const n = d.nodes.get('n1');
    expect(n?.notReady).to.deep.equal([{ from: ts(10), to: ts(30), status: 'Unknown' }]);
    expect(n?.unschedulable).to.deep.equal([{ from: ts(40), to: ts(50) }]);
    expect(n?.deletions).to.deep.equal([ts(50)]);
    if (!n) return;
    expect(nodeReadyAt(n, ts(5))).to.equal(true);
    expect(nodeReadyAt(n, ts(15))).to.equal(false);
    expect(nodeReadyAt(n, ts(55))).to.equal(false);
    expect(nodeExistsAt(n, ts(55))).to.equal(false);
    expect(nodeReadyAt(n, ts(61))).to.equal(true);
    expect(taintedAt(n, 'node.kubernetes.io/out-of-service', ts(25))).to.equal(true);
    expect(taintedAt(n, 'node.kubernetes.io/out-of-service', ts(35))).to.equal(false);
  });

  it('records StatefulSet spec changes and falls back to the target', () => {
    const plain = derive(new TimelineBuilder({ replicas: 4 }).build());
    expect(specAt(plain, ts(0)).replicas).to.equal(4);
    const b = new TimelineBuilder()
      .at(0)
      .statefulSet()
      .at(10)
      .statefulSet({ replicas: 5 })
      .at(11)
      .statefulSet();
    const d = derive(b.build());
    expect(d.statefulSet.specs.map((s) => s.spec.replicas)).to.deep.equal([3, 5]);
    expect(specAt(d, ts(5)).replicas).to.equal(3);
    expect(expectedOrdinals(specAt(d, ts(10)))).to.deep.equal([0, 1, 2, 3, 4]);
  });

  it('pairs fault marks and collects samples', () => {
    const b = new TimelineBuilder()
      .at(0)
      .faultStart('node-loss', { details: { node: 'n2', containersLeftRunning: true } })
      .faultStart('pod-kill', { ordinal: 1 })
      .at(1)
      .faultEnd('pod-kill', { ordinal: 1 })
      .at(5)
      .faultEnd('node-loss', { node: 'n2' })
      .at(6)
      .revert('node-loss')
      .podUp(0)
      .sample('role', 0, 'primary');
    const d = derive(b.build());
    expect(d.faults.map((f) => [f.fault, f.node, f.endedAt, f.revertedAt])).to.deep.equal([
      ['node-loss', 'n2', ts(5), ts(6)],
      ['pod-kill', undefined, ts(1), undefined],
    ]);
    expect(d.samples.role).to.have.length(1);
    expect(d.marks).to.have.length(5);
  });

  it('follows ready endpoints per Service across slices', () => {
    const b = new TimelineBuilder()
      .at(0)
      .podUp(0)
      .podUp(1)
      .endpoints('web-h', [0, 1])
      .at(1)
      .endpoints('web-h', [1], [0])
      .at(2)
      .endpoints('web-h', [1], [], 'web-h-other')
      .endpoints('web-h', [0], [])
      .at(3)
      .endpoints('web-h', [], [], 'web-h-other');
    const d = derive(b.build());
    const svc = d.endpoints.get('web-h');
    expect(svc?.get('uid-web-0-1')?.transitions).to.deep.equal([
      { at: ts(0), ready: true },
      { at: ts(1), ready: false },
      { at: ts(2), ready: true },
    ]);
    // web-1 moved from one slice to the other without a gap, then left both.
    expect(svc?.get('uid-web-1-1')?.transitions).to.deep.equal([
      { at: ts(0), ready: true },
      { at: ts(3), ready: false },
    ]);
  });

  it('attaches pod Events to the incarnation they are about', () => {
    const d = derive(
      new TimelineBuilder().at(0).podCreated(0, { node: 'n1' }).at(1).event(0, 'Started').build(),
    );
    expect(d.ordinals.get(0)?.[0]?.events).to.deep.equal([{ at: ts(1), reason: 'Started', message: '' }]);
  });

  it('derives in one pass: time grows linearly with entries', () => {
    const make = (n: number) => {
      const b = new TimelineBuilder({ replicas: n });
      for (let i = 0; i < n; i++)
        b.at(i)
          .podUp(i)
          .at(i + 0.5)
          .podUnready(i)
          .podReady(i);
      return b.build();
    };
    const small = make(2000);
    const large = make(16000);
    /** The best of several runs, to keep GC and JIT noise out. */
    const time = (tl: ReturnType<typeof make>) => {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 7; i++) {
        const t0 = performance.now();
        derive(tl);
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    time(small);
    // 8x the entries: about 8x the time when linear, 64x when quadratic (the bound leaves room for a
    // loaded machine).
    const ratio = time(large) / Math.max(time(small), 0.5);
    expect(ratio).to.be.below(24);
  });
});
