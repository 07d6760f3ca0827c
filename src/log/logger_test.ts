import { expect } from 'chai';
import {
  CENSOR,
  createLogger,
  type LoggerOptions,
  REDACT_PATHS,
  render,
  scrubSecrets,
  scrubText,
} from './logger.ts';

/** A stream that keeps what is written. */
function sink(isTTY = false) {
  const chunks: string[] = [];
  return {
    isTTY,
    chunks,
    write(s: string) {
      chunks.push(s);
      return true;
    },
    get text() {
      return chunks.join('');
    },
    get lines() {
      return chunks.join('').split('\n').filter(Boolean);
    },
  };
}

function logger(format: LoggerOptions['format'], level: LoggerOptions['level'] = 'debug', isTTY = false) {
  const stream = sink(isTTY);
  return { log: createLogger({ format, level, stream, color: false }), stream };
}

describe('createLogger', () => {
  it("'json' writes one JSON object per line, with time, level, msg and bindings", () => {
    const { log, stream } = logger('json');
    log.child({ component: 'faults' }).info({ ordinal: 2 }, 'pod deleted');
    expect(stream.chunks).to.have.length(1);
    expect(stream.text.endsWith('\n')).to.equal(true);
    const event = JSON.parse(stream.lines[0] ?? '');
    expect(event).to.include({ level: 30, msg: 'pod deleted', component: 'faults', ordinal: 2 });
    expect(event.time).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(event.pid).to.equal(process.pid);
  });

  it('leaves out what is below the level', () => {
    const { log, stream } = logger('json', 'warn');
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(stream.lines.map((l) => JSON.parse(l).msg)).to.deep.equal(['w', 'e']);
  });

  it("'pretty' writes one readable line per event: time, level, message, key=value", () => {
    const { log, stream } = logger('pretty');
    log
      .child({ component: 'faults' })
      .info({ ordinal: 2, node: 'lab-n1', why: 'two words', o: { a: [1] } }, 'pod deleted');
    log.warn('line one\nline two');
    log.error(new Error('boom\nsecond line'), 'failed');
    const lines = stream.lines;
    expect(lines).to.have.length(3);
    expect(lines[0]).to.match(
      /^\d\d:\d\d:\d\d\.\d{3} INFO {2}pod deleted component=faults ordinal=2 node=lab-n1 why="two words" o=\{"a":\[1\]\}$/,
    );
    expect(lines[1]).to.match(/^\d\d:\d\d:\d\d\.\d{3} WARN {2}line one\\nline two$/);
    expect(lines[2]).to.match(/^\d\d:\d\d:\d\d\.\d{3} ERROR failed err="boom\\nsecond line"$/);
    expect(stream.text).to.not.include('    at ');
    expect(stream.text).to.not.include('\u001b[');
  });

  it('colours the pretty format only when asked', () => {
    const stream = sink(true);
    createLogger({ format: 'pretty', level: 'info', stream, color: true }).info('x');
    expect(stream.text).to.include('\u001b[32mINFO');
  });

  it("'auto' is pretty on a terminal and JSON otherwise", () => {
    const tty = sink(true);
    createLogger({ format: 'auto', level: 'info', stream: tty, color: false }).info('hello');
    expect(tty.text).to.match(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}hello\n$/);
    const pipe = sink(false);
    createLogger({ format: 'auto', level: 'info', stream: pipe }).info('hello');
    expect(JSON.parse(pipe.text).msg).to.equal('hello');
  });
});

describe('redaction', () => {
  it('censors every path of REDACT_PATHS', () => {
    const objects = [
      { token: 's1', bearerToken: 's2', password: 's3', authorization: 's4', Authorization: 's5' },
      { 'client-key-data': 's6' },
      { a: { token: 's7', bearerToken: 's8', password: 's9', authorization: 's10', Authorization: 's11' } },
      { a: { 'client-key-data': 's12' } },
      { headers: { authorization: 's13' } },
      { req: { headers: { Authorization: 's14' } } },
      {
        config: { users: [{ name: 'u', user: { token: 's15', 'client-key-data': 's16', password: 's17' } }] },
      },
      { users: [{ name: 'u', user: { token: 's18' } }] },
    ];
    expect(REDACT_PATHS.length).to.be.greaterThan(10);
    for (const format of ['json', 'pretty'] as const) {
      const { log, stream } = logger(format);
      for (const o of objects) log.info(o, 'm');
      for (let i = 1; i <= 18; i++)
        expect(stream.text, `${format} s${i}`).to.not.match(new RegExp(`\\bs${i}\\b`));
      expect(stream.text).to.include(CENSOR);
    }
  });

  it('keeps what is not a secret', () => {
    const { log, stream } = logger('json');
    log.info({ user: { name: 'alice' }, tokens: 3, headers: { accept: 'application/json' } }, 'ok');
    expect(JSON.parse(stream.text)).to.deep.include({
      user: { name: 'alice' },
      tokens: 3,
      headers: { accept: 'application/json' },
    });
  });

  it('scrubs credentials in text', () => {
    expect(scrubText('Bearer abc.DEF-123_~+/==')).to.equal(`Bearer ${CENSOR}`);
    expect(scrubText('Authorization: Bearer abc.DEF-123_~+/==')).to.equal(`Authorization: ${CENSOR}`);
    expect(scrubText('authorization: Basic dXNlcjpwYXNz')).to.equal(`authorization: ${CENSOR}`);
    expect(scrubText('{"Authorization":"Basic dXNlcjpwYXNz"}')).to.equal(`{"Authorization":"${CENSOR}"}`);
    expect(scrubText('GET /x?access_token=abc&y=1')).to.equal(`GET /x?access_token=${CENSOR}&y=1`);
    expect(scrubText('jwt eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl end')).to.equal(`jwt ${CENSOR} end`);
    expect(scrubText('Basic identity checks: no secrets here')).to.equal(
      'Basic identity checks: no secrets here',
    );
  });

  it('scrubs cyclic-free deep values without touching the input', () => {
    const input = { a: [{ b: { Authorization: 'x' } }] };
    const out = scrubSecrets(input) as typeof input;
    expect(out.a[0]?.b.Authorization).to.equal(CENSOR);
    expect(input.a[0]?.b.Authorization).to.equal('x');
  });

  it('never prints a bearer token from an Authorization header, whatever the shape of the log call', () => {
    // A seeded generator: the same cases every run.
    let seed = 0x5eed;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/';
    const token = () =>
      `${Array.from({ length: 12 + rand(40) }, () => alphabet[rand(alphabet.length)]).join('')}${'='.repeat(rand(3))}`;
    const headerNames = ['Authorization', 'authorization', 'AUTHORIZATION', 'Proxy-Authorization', 'x-note'];
    const schemes = ['Bearer', 'bearer', 'BEARER'];
    const shapes: ((h: string, v: string) => [object | Error, string])[] = [
      (h, v) => [{ [h]: v }, 'top level'],
      (h, v) => [{ headers: { [h]: v } }, 'headers'],
      (h, v) => [{ req: { opts: { headers: { [h]: v } } } }, 'deep'],
      (h, v) => [{ a: { b: { c: { d: { e: { headers: { [h]: v } } } } } } }, 'very deep'],
      (h, v) => [{ headers: [[h, v]] }, 'header pairs'],
      (h, v) => [{ rawHeaders: [h, v] }, 'raw headers'],
      (h, v) => [{ request: `GET /api HTTP/1.1\r\n${h}: ${v}\r\n` }, 'request text'],
      (h, v) => [Object.assign(new Error(`request failed (${h}: ${v})`), { headers: { [h]: v } }), 'error'],
      (h, v) => [
        { err: Object.assign(new Error('failed'), { options: { headers: { [h]: v } } }) },
        'error property',
      ],
      (h, v) => [{ toJSON: () => ({ headers: { [h]: v } }) }, 'toJSON'],
      (_h, v) => [{ ok: true }, `sending ${v}`],
    ];
    let cases = 0;
    for (const format of ['json', 'pretty'] as const) {
      for (let i = 0; i < 150; i++) {
        const secret = token();
        const value = `${schemes[rand(schemes.length)]}${rand(2) ? ' ' : '  '}${secret}`;
        const shape = shapes[rand(shapes.length)];
        const header = headerNames[rand(headerNames.length)] ?? 'Authorization';
        if (!shape) continue;
        const [obj, msg] = shape(header, value);
        const { log, stream } = logger(format);
        const child = rand(2) ? log.child({ auth: { headers: { [header]: value } } }) : log;
        if (obj instanceof Error) child.error(obj, msg);
        else child.info(obj, msg);
        expect(stream.text, `${format} ${msg} ${header}`).to.not.include(secret);
        expect(stream.lines).to.have.length(1);
        if (format === 'json') JSON.parse(stream.lines[0] ?? '');
        cases++;
      }
    }
    expect(cases).to.equal(300);
  });

  it('renders a line that is not JSON scrubbed, as it is', () => {
    expect(render('oops Bearer abc\n', false)).to.equal(`oops Bearer ${CENSOR}\n`);
  });
});
