import { expect } from 'chai';
import { pick } from './pick.ts';

describe('pick', () => {
  it('keeps the named fields only, in the order named', () => {
    const o: { a?: number; b?: string; c?: boolean } = { c: true, b: 'x', a: 1 };
    const p = pick(o, ['a', 'b']);
    expect(p).to.deep.equal({ a: 1, b: 'x' });
    expect(Object.keys(p)).to.deep.equal(['a', 'b']);
  });

  it('sets every named key, to undefined where the field or the object is absent', () => {
    const some: { a?: number; b?: string } = { a: 1 };
    expect(Object.entries(pick(some, ['a', 'b']))).to.deep.equal([
      ['a', 1],
      ['b', undefined],
    ]);
    const none = (): { a?: number } | undefined => undefined;
    expect(Object.entries(pick(none(), ['a']))).to.deep.equal([['a', undefined]]);
  });
});
