import { expect } from 'chai';
import { failureOf, parseStatus, toStatus } from './status.ts';

describe('Kubernetes Status', () => {
  it('reads status, code, reason, message and causes, each only when of its type', () => {
    const s = toStatus({
      kind: 'Status',
      status: 'Failure',
      code: 410,
      reason: 'Expired',
      message: 'too old resource version',
      details: { causes: [{ reason: 'ExitCode', message: '3' }, 'junk', { reason: 7 }] },
    });
    expect(s).to.deep.equal({
      status: 'Failure',
      code: 410,
      reason: 'Expired',
      message: 'too old resource version',
      causes: [
        { reason: 'ExitCode', message: '3' },
        { reason: undefined, message: undefined },
      ],
    });
    expect(toStatus({ code: '410', reason: ['x'], details: 'x' })).to.deep.equal({
      status: undefined,
      code: undefined,
      reason: '',
      message: undefined,
      causes: [],
    });
    expect(toStatus('x')).to.equal(undefined);
    expect(toStatus(null)).to.equal(undefined);
  });

  it('parses a body: undefined when it is not JSON or not an object', () => {
    expect(parseStatus('{"reason":"NotFound"}')?.reason).to.equal('NotFound');
    expect(parseStatus('<html>')).to.equal(undefined);
    expect(parseStatus('[1]')).to.equal(undefined);
  });

  it("a failed response's reason and message: the Status's, else the start of the body", () => {
    expect(failureOf('{"kind":"Status","reason":"Forbidden","message":"pods is forbidden"}')).to.deep.equal({
      reason: 'Forbidden',
      message: 'pods is forbidden',
    });
    expect(failureOf('{"reason":"Boom"}')).to.deep.equal({ reason: 'Boom', message: '{"reason":"Boom"}' });
    const page = `<html>${'x'.repeat(400)}`;
    expect(failureOf(page)).to.deep.equal({ reason: '', message: page.slice(0, 300) });
  });
});
