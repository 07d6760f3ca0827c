import { expect } from 'chai';
import { derive } from '../derive.ts';
import { controllerAt, incarnationAt, liveAt, readyAtTime, readySpans, successorOf } from '../queries.ts';
import { TimelineBuilder, ts } from '../testing/builder.ts';

describe('pod incarnations', () => {
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

  it('records waiting reasons as they change and when each Ready condition turned True', () => {
    const b = new TimelineBuilder()
      .at(0)
      .podCreated(2, { node: 'n1' })
      .at(1)
      .podWaiting(2, 'ErrImagePull')
      .at(2)
      .podWaiting(2, 'ErrImagePull')
      .at(3)
      .podWaiting(2, 'ImagePullBackOff')
      .at(10.6)
      .podReady(2, { since: 10.2 })
      .at(12)
      .podUnready(2)
      .at(13)
      .podReady(2);
    const [inc] = derive(b.build()).ordinals.get(2) ?? [];
    expect(inc?.waiting).to.deep.equal([
      { at: ts(1), container: 'app', reason: 'ErrImagePull' },
      { at: ts(3), container: 'app', reason: 'ImagePullBackOff' },
    ]);
    expect(inc?.readyAt).to.deep.equal([ts(10.6), ts(13)]);
    // lastTransitionTime has whole seconds; without one, the time the transition was seen.
    expect(inc?.readySince).to.deep.equal([ts(10), ts(13)]);
  });

  it('records the controller ownerReference as first seen and each change: orphaned, then adopted', () => {
    const b = new TimelineBuilder()
      .at(0)
      .podUp(0)
      .at(1)
      .podReady(0)
      .at(5)
      .podOwner(0, undefined)
      .at(8)
      .podOwner(0, 'uid-sts-2');
    const [inc] = derive(b.build()).ordinals.get(0) ?? [];
    if (!inc) throw new Error('no incarnation');
    expect(inc.controllers).to.deep.equal([
      { at: ts(0), uid: 'uid-sts', kind: 'StatefulSet', name: 'web' },
      { at: ts(5) },
      { at: ts(8), uid: 'uid-sts-2', kind: 'StatefulSet', name: 'web' },
    ]);
    expect(controllerAt(inc, ts(4))?.uid).to.equal('uid-sts');
    expect(controllerAt(inc, ts(6))?.uid).to.equal(undefined);
    expect(controllerAt(inc, ts(30))?.uid).to.equal('uid-sts-2');
    expect(inc.revisionChanges).to.deep.equal([]);
  });

  it('records a change of the controller-revision-hash label of one pod', () => {
    const b = new TimelineBuilder()
      .at(0)
      .podUp(0)
      .at(3)
      .podPatch(0, (p) => {
        p.labels['controller-revision-hash'] = 'web-r9';
      });
    const [inc] = derive(b.build()).ordinals.get(0) ?? [];
    expect(inc?.revision).to.equal('web-r9');
    expect(inc?.revisionChanges).to.deep.equal([{ at: ts(3), from: 'web-r1', to: 'web-r9' }]);
  });
});
