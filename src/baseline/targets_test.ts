import { expect } from 'chai';
import { pairByTarget } from './targets.ts';

const r = (ns: string, name: string, id: string) => ({ target: { namespace: ns, name }, id });
const ids = (xs: readonly { id: string }[]) => xs.map((x) => x.id);

describe('pairByTarget', () => {
  it('a target is compared with its own baseline reports only, the others left out and said', () => {
    const base = [r('a', 'web', 'b1'), r('a', 'db', 'b2'), r('a', 'web', 'b3')];
    const pairs = pairByTarget(base, [r('a', 'db', 'n1'), r('a', 'web', 'n2')]);
    expect(pairs.map((p) => [p.target, ids(p.baseline), ids(p.current)])).to.deep.equal([
      ['a/db', ['b2'], ['n1']],
      ['a/web', ['b1', 'b3'], ['n2']],
    ]);
    expect(pairs[0]?.note).to.equal('a/db: compared with its own baseline reports (a/web left out)');
  });

  it('one target on each side, named alike: no note', () => {
    const [p] = pairByTarget([r('a', 'web', 'b1')], [r('a', 'web', 'n1')]);
    expect(p?.note).to.equal(undefined);
  });

  it('a baseline of one other target is compared as it is, and said', () => {
    const [p] = pairByTarget([r('old', 'web', 'b1'), r('old', 'web', 'b2')], [r('new', 'web', 'n1')]);
    expect(ids(p?.baseline ?? [])).to.deep.equal(['b1', 'b2']);
    expect(p?.note).to.equal(
      'new/web: compared with the baseline of old/web (the baseline holds no other StatefulSet)',
    );
  });

  it('a baseline of several targets without this one: nothing to compare with, said', () => {
    const [p] = pairByTarget([r('a', 'x', 'b1'), r('a', 'y', 'b2')], [r('a', 'web', 'n1')]);
    expect(p?.baseline).to.deep.equal([]);
    expect(p?.note).to.equal('a/web: no baseline report of it (the baseline holds a/x, a/y)');
  });
});
