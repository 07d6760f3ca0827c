import { expect } from 'chai';
import { isPlainObject, type Raw, setOwn, setPath } from './raw.ts';

describe('raw values', () => {
  it('knows a plain object from a list, null, a class instance and binary data', () => {
    expect(isPlainObject({})).to.equal(true);
    expect(isPlainObject(Object.create(null))).to.equal(true);
    for (const v of [[], null, new Date(), new Uint8Array(1), 'x']) expect(isPlainObject(v)).to.equal(false);
  });

  it('sets a dotted path, making the objects on the way and replacing what is not one', () => {
    const raw: Raw = { probes: 'x' };
    setPath(raw, 'nodeLoss.mode', 'lab');
    setPath(raw, 'nodeLoss.labScript', '/l');
    setPath(raw, 'probes.holdFor', '5s');
    expect(raw).to.deep.equal({ nodeLoss: { mode: 'lab', labScript: '/l' }, probes: { holdFor: '5s' } });
  });

  it('sets __proto__ as an own key, leaving the prototype alone', () => {
    const raw: Raw = {};
    setOwn(raw, '__proto__', { polluted: true });
    expect(Object.keys(raw)).to.deep.equal(['__proto__']);
    expect(Object.getPrototypeOf(raw)).to.equal(Object.prototype);
    expect(({} as Raw).polluted).to.equal(undefined);
  });
});
