/**
 * For the kube tests: a throwaway PKI made with openssl, and a small HTTPS API server on 127.0.0.1 that
 * authenticates client certificates and bearer tokens, answers JSON requests and watches, and speaks the
 * exec WebSocket protocol (v4.channel.k8s.io) for a few scripted commands.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { stringify } from 'yaml';
import { type KubeConfig, loadKubeConfig } from '../kubeconfig.ts';

export interface Pki {
  readonly dir: string;
  readonly caFile: string;
  readonly serverCertFile: string;
  readonly serverKeyFile: string;
  /** A client certificate for CN=alice, O=testers. */
  readonly clientCertFile: string;
  readonly clientKeyFile: string;
  /** A client certificate from another CA (the server rejects it). */
  readonly strangerCertFile: string;
  readonly strangerKeyFile: string;
  read(file: string): Buffer;
  remove(): void;
}

function ossl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function makeCa(dir: string, name: string): void {
  ossl(dir, [
    'req',
    '-x509',
    ...EC,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
    '-subj',
    `/CN=${name}`,
    '-days',
    '2',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
}

function makeLeaf(dir: string, ca: string, name: string, subj: string, ext: string): void {
  writeFileSync(join(dir, `${name}.ext`), ext);
  ossl(dir, ['req', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj]);
  ossl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.crt`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-out',
    `${name}.crt`,
    '-days',
    '2',
    '-extfile',
    `${name}.ext`,
  ]);
}

/** A CA, a server certificate for 127.0.0.1 and kube.test, a client certificate, and a stranger's. */
export function makePki(): Pki {
  const dir = mkdtempSync(join(tmpdir(), 'sts-chaos-pki-'));
  makeCa(dir, 'ca');
  makeCa(dir, 'other-ca');
  makeLeaf(
    dir,
    'ca',
    'server',
    '/CN=kube-test',
    'subjectAltName=IP:127.0.0.1,DNS:kube.test\nextendedKeyUsage=serverAuth\n',
  );
  makeLeaf(dir, 'ca', 'client', '/O=testers/CN=alice', 'extendedKeyUsage=clientAuth\n');
  makeLeaf(dir, 'other-ca', 'stranger', '/CN=mallory', 'extendedKeyUsage=clientAuth\n');
  const f = (n: string) => join(dir, n);
  return {
    dir,
    caFile: f('ca.crt'),
    serverCertFile: f('server.crt'),
    serverKeyFile: f('server.key'),
    clientCertFile: f('client.crt'),
    clientKeyFile: f('client.key'),
    strangerCertFile: f('stranger.crt'),
    strangerKeyFile: f('stranger.key'),
    read: (file) => readFileSync(file),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** One request the server saw. */
export interface Seen {
  readonly method: string;
  readonly path: string;
  /** Who it authenticated: the certificate's CN, "token:<token>", "basic:<user>", or "" when anonymous. */
  readonly user: string;
  readonly headers: IncomingMessage['headers'];
  readonly upgrade: boolean;
}

export interface FakeApi {
  readonly url: string;
  readonly seen: Seen[];
  /** Bearer tokens the server accepts (change it to expire one). */
  readonly tokens: Set<string>;
  close(): Promise<void>;
}

function status(res: ServerResponse, code: number, reason: string, message: string): void {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, message, code }));
}

function whoIs(req: IncomingMessage, tokens: Set<string>): string {
  const socket = req.socket as TLSSocket;
  const auth = req.headers.authorization ?? '';
  if (auth.startsWith('Bearer ')) return tokens.has(auth.slice(7)) ? `token:${auth.slice(7)}` : '';
  if (auth.startsWith('Basic ')) {
    const [user, pass] = Buffer.from(auth.slice(6), 'base64').toString().split(':');
    return pass === 'secret' ? `basic:${user}` : '';
  }
  if (socket.authorized) return String(socket.getPeerCertificate().subject?.CN ?? '');
  return '';
}

/** A WebSocket frame from the server (unmasked). */
function frame(opcode: number, payload: Uint8Array): Buffer {
  const len = payload.length;
  const head =
    len < 126 ? Buffer.from([0x80 | opcode, len]) : Buffer.from([0x80 | opcode, 126, len >> 8, len & 0xff]);
  return Buffer.concat([head, payload]);
}

function channel(ch: number, data: string | Uint8Array): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  return frame(0x2, Buffer.concat([Buffer.from([ch]), bytes]));
}

const CLOSE = frame(0x8, Buffer.from([0x03, 0xe8]));

/**
 * The exec commands the server knows: `echo <words>`, `fail <code>` (stderr and a non-zero exit),
 * `error` (a Failure without an exit code), `utf8` (an é split across two messages), `hang`, `drop`.
 */
function runScripted(command: string[]): { frames: Buffer[]; end: 'close' | 'hang' | 'drop' } {
  const success = { status: 'Success', metadata: {} };
  const [name, ...args] = command;
  const ok = (frames: Buffer[]) => ({
    frames: [...frames, channel(3, JSON.stringify(success))],
    end: 'close' as const,
  });
  switch (name) {
    case 'echo':
      return ok([channel(1, ''), channel(2, ''), channel(1, `${args.join(' ')}\n`)]);
    case 'utf8': {
      const e = Buffer.from('é\n');
      return ok([channel(1, e.subarray(0, 1)), channel(1, e.subarray(1))]);
    }
    case 'fail': {
      const failure = {
        status: 'Failure',
        reason: 'NonZeroExitCode',
        message: `command terminated with non-zero exit code: ${args[0]}`,
        details: { causes: [{ reason: 'ExitCode', message: args[0] }] },
      };
      return {
        frames: [channel(1, 'partial\n'), channel(2, 'bad\n'), channel(3, JSON.stringify(failure))],
        end: 'close',
      };
    }
    case 'error':
      return {
        frames: [channel(3, JSON.stringify({ status: 'Failure', reason: 'InternalError', message: 'boom' }))],
        end: 'close',
      };
    case 'drop':
      return { frames: [channel(1, 'half')], end: 'drop' };
    default:
      return { frames: [], end: 'hang' };
  }
}

/** Starts the fake API server on 127.0.0.1 with the PKI's server certificate. */
export async function startApi(pki: Pki, opts: { tokens?: string[] } = {}): Promise<FakeApi> {
  const seen: Seen[] = [];
  const tokens = new Set(opts.tokens ?? []);
  const server: Server = createServer({
    key: pki.read(pki.serverKeyFile),
    cert: pki.read(pki.serverCertFile),
    ca: pki.read(pki.caFile),
    requestCert: true,
    rejectUnauthorized: false,
  });
  const sockets = new Set<import('node:net').Socket>();
  server.on('secureConnection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://x');
    const user = whoIs(req, tokens);
    seen.push({ method: req.method ?? '', path: url.pathname, user, headers: req.headers, upgrade: false });
    if (!user) return status(res, 401, 'Unauthorized', 'Unauthorized');
    if (url.pathname.endsWith('/exec')) {
      if (url.searchParams.get('container') === 'nope') {
        return status(res, 400, 'BadRequest', 'container nope is not valid for pod p');
      }
      return status(res, 400, 'BadRequest', 'Upgrade request required');
    }
    if (url.pathname === '/forbidden') return status(res, 403, 'Forbidden', 'no access');
    if (url.searchParams.get('watch') === 'true') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(`${JSON.stringify({ type: 'ADDED', object: { n: 1 } })}\n{"type":"MOD`);
      setTimeout(() => res.end(`IFIED","object":{"n":2}}\n`), 20);
      return;
    }
    let body = '';
    req.on('data', (d: Buffer) => {
      body += d.toString();
    });
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ user, method: req.method, path: url.pathname, body: body || undefined }));
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: import('node:net').Socket) => {
    const url = new URL(req.url ?? '/', 'https://x');
    const user = whoIs(req, tokens);
    seen.push({ method: req.method ?? '', path: url.pathname, user, headers: req.headers, upgrade: true });
    const refuse = (code: number, text: string) => {
      socket.end(`HTTP/1.1 ${code} ${text}\r\nContent-Type: application/json\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!user) return refuse(401, 'Unauthorized');
    if (url.searchParams.get('container') === 'nope') return refuse(400, 'Bad Request');
    const protocols = String(req.headers['sec-websocket-protocol'] ?? '').split(/\s*,\s*/);
    if (!protocols.includes('v4.channel.k8s.io')) return refuse(400, 'Bad Request');
    const accept = createHash('sha1')
      .update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest('base64');
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: v4.channel.k8s.io\r\n\r\n`,
    );
    // The client's only frame is its close: answer it and hang up.
    socket.on('data', () => socket.end(CLOSE));
    socket.on('error', () => {});
    const script = runScripted(url.searchParams.getAll('command'));
    for (const f of script.frames) socket.write(f);
    if (script.end === 'close') socket.write(CLOSE);
    if (script.end === 'drop') socket.destroy();
  });

  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    seen,
    tokens,
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}

type Obj = Record<string, unknown>;

/** Writes a kubeconfig for `server` with `user`, and loads it. */
export function kubeconfigFor(dir: string, server: string, cluster: Obj, user: Obj): KubeConfig {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}`);
  writeFileSync(
    file,
    stringify({
      clusters: [{ name: 'c', cluster: { server, ...cluster } }],
      users: [{ name: 'u', user }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    }),
  );
  return loadKubeConfig({ kubeconfig: file, env: { PATH: process.env.PATH } });
}
