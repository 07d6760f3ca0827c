import { expect } from 'chai';
import {
  bool,
  duration,
  faultId,
  field,
  httpUrl,
  integer,
  listenAddress,
  listOf,
  MAX_DURATION,
  oneOf,
  percent,
  roleCommand,
  suite,
  text,
} from './fields.ts';
import { FieldError } from './message.ts';

describe('field parsers', () => {
  it('text: not blank, and a number or a boolean is told to be quoted', () => {
    expect(text('x')).to.equal('x');
    expect(() => text(undefined)).to.throw(FieldError, 'is required');
    expect(() => text(' ')).to.throw(FieldError, 'must not be empty');
    expect(() => text(true)).to.throw(FieldError, 'expected text, got boolean true (quote it: "true")');
    expect(() => text([])).to.throw(FieldError, 'expected text, got a list');
  });

  it('oneOf, faultId and suite: a name of the list', () => {
    expect(oneOf(['a', 'b'])('b')).to.equal('b');
    expect(() => oneOf(['a', 'b'])('c')).to.throw(FieldError, '"c" must be one of a, b');
    expect(faultId('pod-kill')).to.equal('pod-kill');
    expect(() => faultId('boom')).to.throw(FieldError, /^"boom" is not a fault \(pod-kill, /);
    expect(suite('volumes')).to.equal('volumes');
    expect(() => suite('chaos')).to.throw(FieldError, /^"chaos" is not a suite \(identity, /);
    expect(() => suite(1)).to.throw(FieldError, /expected text, got number 1/);
  });

  it('bool: a boolean or its usual spellings', () => {
    for (const t of [true, 'true', ' YES ', 'on', '1']) expect(bool(t), String(t)).to.equal(true);
    for (const f of [false, 'false', 'No', 'off', '0']) expect(bool(f), String(f)).to.equal(false);
    expect(() => bool(1)).to.throw(FieldError, 'expected true or false, got number 1');
  });

  it('integer: a whole number of at least the minimum', () => {
    expect(integer(0)(' 7 ')).to.equal(7);
    expect(integer(1)(3)).to.equal(3);
    expect(() => integer(1)(0)).to.throw(FieldError, '0 is too small (at least 1)');
    expect(() => integer(0)('1e3')).to.throw(FieldError, 'expected a whole number, got "1e3"');
  });

  it('duration: text of any source, or seconds; longer than 0 and at most a day', () => {
    expect(duration('1m30s').toSeconds()).to.equal(90);
    expect(duration(0.5).toMilliseconds()).to.equal(500);
    expect(() => duration(0)).to.throw(FieldError, 'number 0 must be longer than 0');
    expect(() => duration(Number.NaN)).to.throw(FieldError, /^expected a duration/);
    expect(duration(MAX_DURATION.toSeconds()).toMilliseconds()).to.equal(MAX_DURATION.toMilliseconds());
    expect(() => duration('25h')).to.throw(FieldError, /too long \(at most /);
    // A number of seconds too big for milliseconds (Infinity) is too long, not an internal error.
    expect(() => duration(1e308)).to.throw(FieldError, /too long \(at most /);
  });

  it('listOf: comma-separated text or a list, items once, YAML items numbered in messages', () => {
    const texts = listOf(text);
    expect(texts(' a, ,b,a ')).to.deep.equal(['a', 'b']);
    expect(texts(['a', 'a', ' b'])).to.deep.equal(['a', ' b']);
    expect(() => texts(['a', ''])).to.throw(FieldError, 'item 2: must not be empty');
    expect(() => listOf(suite)('identity,nope')).to.throw(FieldError, /^"nope" is not a suite/);
    expect(() => listOf(text, { nonEmpty: 'names nothing' })(',')).to.throw(FieldError, 'names nothing');
    expect(texts(',')).to.deep.equal([]);
    expect(() => texts(3)).to.throw(FieldError, /^expected a list \(or a comma-separated string\)/);
  });

  it('roleCommand: a shell command, or an argv list', () => {
    expect(roleCommand('cat /role')).to.deep.equal(['sh', '-c', 'cat /role']);
    expect(roleCommand(['cat', '/role'])).to.deep.equal(['cat', '/role']);
    expect(() => roleCommand(['cat', 5])).to.throw(FieldError, /^item 2: expected text/);
    expect(() => roleCommand([])).to.throw(FieldError, /^expected a shell command or a list of arguments/);
  });

  it('field: a FieldError becomes the issue, any other error is thrown', () => {
    const r = field(integer(1)).safeParse('0');
    expect(r.error?.issues[0]?.message).to.equal('0 is too small (at least 1)');
    const boom = field(() => {
      throw new TypeError('boom');
    });
    expect(() => boom.safeParse('x')).to.throw(TypeError, 'boom');
  });

  it('takes a listening address as host:port', () => {
    for (const a of [':9464', '127.0.0.1:0', '0.0.0.0:9464', '[::1]:9464', 'localhost:9464'])
      expect(listenAddress(a)).to.equal(a);
    for (const bad of ['9464', 'host', '127.0.0.1:', ':70000', 'a:b:1', 'http://x:1'])
      expect(() => listenAddress(bad), bad).to.throw(FieldError, /is not host:port/);
  });

  it('takes an http(s) URL, without its trailing slash', () => {
    expect(httpUrl('http://gw:9091/')).to.equal('http://gw:9091');
    expect(httpUrl('https://gw.example/push')).to.equal('https://gw.example/push');
    expect(() => httpUrl('gw:9091')).to.throw(FieldError, /not an http or https URL/);
    expect(() => httpUrl('not a url')).to.throw(FieldError, /is not a URL/);
  });

  it('takes a percentage with its sign', () => {
    expect(percent('25%')).to.equal(25);
    expect(percent(' 12.5 % ')).to.equal(12.5);
    expect(percent('0%')).to.equal(0);
    expect(() => percent(25)).to.throw(FieldError, 'number 25 needs its % sign (e.g. "25%")');
    for (const bad of ['25', '-5%', '%', 'x%', '1e3%', '25%%'])
      expect(() => percent(bad), bad).to.throw(FieldError, /is not a percentage \(e\.g\. 25%, 12\.5%\)/);
    expect(() => percent(' ')).to.throw(FieldError, 'must not be empty');
  });
});
