import { expect } from 'chai';
import { TimelineBuilder, ts } from '../timeline/testing/builder.ts';
import type { Check } from './index.ts';
import { checkById, checks, evaluateAll } from './index.ts';

const catalogue = [
  'ADOPT-1',
  'ID-1',
  'ID-2',
  'ID-3',
  'ID-4',
  'ORD-1',
  'ORD-2',
  'ORD-3',
  'ORD-4',
  'ORD-5',
  'VOL-1',
  'VOL-2',
  'VOL-3',
  'VOL-4',
  'VOL-5',
  'VOL-6',
  'SB-1',
  'SB-2',
  'SB-3',
  'SB-4',
  'REC-1',
  'PRB-1',
  'PRB-2',
];

describe('check registry', () => {
  it('holds every check of the catalogue once, in catalogue order', () => {
    expect(checks.map((c) => c.id)).to.deep.equal(catalogue);
    for (const c of checks) {
      expect(c.title, c.id).to.be.a('string').and.not.equal('');
      expect(c.tags, c.id).to.not.be.empty;
    }
    expect(checkById('SB-2')?.title).to.equal('no unfenced replacement');
  });

  it('evaluates all checks on one derivation, each with a reason; nothing to look at is skip, never pass', () => {
    const results = evaluateAll(new TimelineBuilder().build());
    expect(results.map((r) => r.id)).to.deep.equal(catalogue);
    for (const r of results) {
      expect(r.status, `${r.id}: ${r.reason}`).to.equal('skip');
      expect(r.reason, r.id).to.not.equal('');
    }
  });

  it('evaluates a healthy run without failures and selects checks by id', () => {
    const tl = new TimelineBuilder().steadyState().at(10).podDeleted(1).podUp(1, 'n2').build(20);
    const results = evaluateAll(tl);
    expect(results.filter((r) => r.status === 'fail').map((r) => r.reason)).to.deep.equal([]);
    expect(evaluateAll(tl, { ids: ['SB-1', 'ID-1'] }).map((r) => r.id)).to.deep.equal(['SB-1', 'ID-1']);
  });

  it('restricts checks to a window', () => {
    const b = new TimelineBuilder().steadyState().at(10).faultStart('pod-kill', { ordinal: 1 }).podDeleted(1);
    b.at(11).podUp(1).at(100).faultStart('pod-kill', { ordinal: 2 }).podDeleted(2).at(500).podUp(2);
    const tl = b.build(600);
    const [whole] = evaluateAll(tl, { ids: ['REC-1'] });
    expect(whole?.status).to.equal('fail');
    const [first] = evaluateAll(tl, { ids: ['REC-1'], window: { from: ts(5), to: ts(50) } });
    expect(first?.status, first?.reason).to.equal('pass');
    const [named] = evaluateAll(tl, {
      ids: ['REC-1'],
      window: { from: ts(0), to: ts(600), fault: 'node-loss' },
    });
    expect(named?.status).to.equal('skip');
  });

  it('reports a check that throws as failed instead of losing the other results', () => {
    const crashing: Check = {
      id: 'X-1',
      title: 'crashes',
      tags: ['test'],
      evaluate() {
        throw new Error('boom');
      },
    };
    const results = evaluateAll(new TimelineBuilder().steadyState().build(), {
      checks: [crashing, ...checks],
    });
    expect(results[0]).to.deep.include({ id: 'X-1', status: 'fail', reason: 'check X-1 crashed: boom' });
    expect(results).to.have.length(catalogue.length + 1);
  });
});

describe('evaluateAll order', () => {
  it('returns the asked checks in the order asked (a step’s order), each once', () => {
    const tl = new TimelineBuilder().steadyState().build(10);
    expect(evaluateAll(tl, { ids: ['REC-1', 'VOL-4', 'ID-1'] }).map((r) => r.id)).to.deep.equal([
      'REC-1',
      'VOL-4',
      'ID-1',
    ]);
  });
});
