import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { Duration } from '../util/duration.ts';
import { type ExecSocket, WebSocketExec } from './exec.ts';
import type { KubeConfig } from './kubeconfig.ts';
import { type FakeApi, kubeconfigFor, makePki, type Pki, startApi } from './testing/server.ts';

const TEN_S = Duration.seconds(10);

describe('WebSocketExec', () => {
  let pki: Pki;
  let api: FakeApi;
  let dir: string;
  let certs: KubeConfig;

  before(async function () {
    this.timeout(20_000);
    pki = makePki();
    api = await startApi(pki, { tokens: ['good-token'] });
    dir = mkdtempSync(join(tmpdir(), 'sts-chaos-exec-'));
    certs = kubeconfigFor(
      dir,
      api.url,
      { 'certificate-authority': pki.caFile },
      { 'client-certificate': pki.clientCertFile, 'client-key': pki.clientKeyFile },
    );
  });
  after(async () => {
    await api?.close();
    pki?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a command with a client certificate: stdout, exit 0, the exec URL and subprotocol', async () => {
    const exec = new WebSocketExec(certs);
    const r = await exec.run('db', 'redis-0', 'redis', ['echo', 'hello', 'world'], TEN_S);
    expect(r).to.deep.equal({ exitCode: 0, stdout: 'hello world\n', stderr: '' });
    expect(exec.calls).to.equal(1);
    const seen = api.seen.at(-1);
    expect(seen?.upgrade).to.equal(true);
    expect(seen?.user).to.equal('alice');
    expect(seen?.path).to.equal('/api/v1/namespaces/db/pods/redis-0/exec');
    expect(seen?.headers['sec-websocket-protocol']).to.equal('v4.channel.k8s.io');
  });

  it('with a bearer token', async () => {
    const kc = kubeconfigFor(dir, api.url, { 'certificate-authority': pki.caFile }, { token: 'good-token' });
    const r = await new WebSocketExec(kc).run('db', 'p', 'c', ['echo', 'ok'], TEN_S);
    expect(r.stdout).to.equal('ok\n');
    expect(api.seen.at(-1)?.user).to.equal('token:good-token');
  });

  it('a non-zero exit: its code, stdout and stderr', async () => {
    const r = await new WebSocketExec(certs).run('db', 'p', 'c', ['fail', '7'], TEN_S);
    expect(r).to.deep.equal({ exitCode: 7, stdout: 'partial\n', stderr: 'bad\n' });
  });

  it('decodes UTF-8 split across messages', async () => {
    expect((await new WebSocketExec(certs).run('db', 'p', 'c', ['utf8'], TEN_S)).stdout).to.equal('é\n');
  });

  it('a failure without an exit code rejects with its message', async () => {
    const err = await new WebSocketExec(certs).run('db', 'p', 'c', ['error'], TEN_S).catch((e: Error) => e);
    expect((err as Error).message).to.equal('exec in db/p/c (error): boom');
  });

  it('a connection closed without a status rejects', async () => {
    const err = await new WebSocketExec(certs).run('db', 'p', 'c', ['drop'], TEN_S).catch((e: Error) => e);
    expect((err as Error).message).to.match(/^exec in db\/p\/c \(drop\): connection closed without a status/);
  });

  it('the deadline rejects and closes the socket', async () => {
    const start = Date.now();
    const err = await new WebSocketExec(certs)
      .run('db', 'p', 'c', ['hang'], Duration.millis(300))
      .catch((e: Error) => e);
    expect((err as Error).message).to.equal('exec in db/p/c (hang): no result after 300ms');
    expect(Date.now() - start).to.be.below(2000);
  });

  it("a refused handshake says why, from the API server's own answer", async () => {
    const bad = kubeconfigFor(dir, api.url, { 'certificate-authority': pki.caFile }, { token: 'bad' });
    const err = await new WebSocketExec(bad).run('db', 'p', 'c', ['echo'], TEN_S).catch((e: Error) => e);
    expect((err as Error).message).to.equal('exec in db/p/c (echo): 401 Unauthorized: Unauthorized');
    const nope = await new WebSocketExec(certs)
      .run('db', 'p', 'nope', ['echo'], TEN_S)
      .catch((e: Error) => e);
    expect((nope as Error).message).to.equal(
      'exec in db/p/nope (echo): 400 BadRequest: container nope is not valid for pod p',
    );
  });

  it("a client certificate from another CA is not accepted (the handshake is the server's to refuse)", async () => {
    const stranger = kubeconfigFor(
      dir,
      api.url,
      { 'certificate-authority': pki.caFile },
      { 'client-certificate': pki.strangerCertFile, 'client-key': pki.strangerKeyFile },
    );
    const err = await new WebSocketExec(stranger).run('db', 'p', 'c', ['echo'], TEN_S).catch((e: Error) => e);
    expect((err as Error).message).to.equal('exec in db/p/c (echo): 401 Unauthorized: Unauthorized');
  });

  it('takes a socket factory: the URL carries every argument, the container and the streams', async () => {
    let url = '';
    let headers: Record<string, string> = {};
    const listeners: Record<string, (ev: never) => void> = {};
    const socket = (u: string, init: { headers: Record<string, string> }): ExecSocket => {
      url = u;
      headers = init.headers;
      setTimeout(() => {
        listeners.open?.(undefined as never);
        const status = new TextEncoder().encode(`\x03${JSON.stringify({ status: 'Success' })}`);
        listeners.message?.({ data: status.buffer } as never);
      }, 5);
      return {
        binaryType: 'blob',
        addEventListener: (type: string, l: (ev: never) => void) => {
          listeners[type] = l;
        },
        close: () => {},
      } as ExecSocket;
    };
    const kc = kubeconfigFor(dir, 'https://10.0.0.1:6443/prefix', {}, { token: 't' });
    const r = await new WebSocketExec(kc, { socket }).run('d b', 'p', 'c', ['sh', '-c', 'a && b'], TEN_S);
    expect(r.exitCode).to.equal(0);
    expect(url).to.equal(
      'wss://10.0.0.1:6443/prefix/api/v1/namespaces/d%20b/pods/p/exec?command=sh&command=-c&command=a+%26%26+b&container=c&stdout=true&stderr=true',
    );
    expect(headers).to.deep.equal({ Authorization: 'Bearer t' });
  });
});
