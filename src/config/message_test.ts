import { expect } from 'chai';
import { describe as describeValue, FieldError, messageOf, oneLine, quote } from './message.ts';

describe('quote', () => {
  it('keeps a message on one line whatever the value', () => {
    for (const s of ['a\nb', 'a\rb', 'a\u2028b', 'a\u0085b', 'x\u202ey', '\u0000']) {
      expect(quote(s), JSON.stringify(s)).to.not.match(/[\u2028\u2029\u202e\p{Cc}]/u);
    }
  });

  it('cuts long values and says their length', () => {
    const q = quote('x'.repeat(10_000));
    expect(q.length).to.be.lessThan(100);
    expect(q).to.match(/…" \(10000 characters\)$/);
  });
});

describe('describe (a raw value in a message)', () => {
  it('says what a value is, quoting text', () => {
    expect(describeValue(undefined)).to.equal('nothing');
    expect(describeValue(null)).to.equal('nothing');
    expect(describeValue('a\nb')).to.equal('"a\\nb"');
    expect(describeValue(5)).to.equal('number 5');
    expect(describeValue(false)).to.equal('boolean false');
    expect(describeValue([1])).to.equal('a list');
    expect(describeValue(new Uint8Array(1))).to.equal('binary data');
    expect(describeValue({})).to.equal('a mapping');
    expect(describeValue(1n)).to.equal('bigint');
  });
});

describe('oneLine and messageOf', () => {
  it('folds line breaks and the blanks around them into one space', () => {
    expect(oneLine('  a \r\n  b\u2028c\n')).to.equal('a b c');
  });

  it("takes an error's message, or the thrown value as text", () => {
    expect(messageOf(new FieldError('bad'))).to.equal('bad');
    expect(messageOf(42)).to.equal('42');
  });
});
