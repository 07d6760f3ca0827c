import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { UsageError } from '../errors.ts';
import { ApiError, KubeHttp, retryAfterMs } from './http.ts';
import type { KubeConfig } from './kubeconfig.ts';
import { type FakeApi, kubeconfigFor, makePki, type Pki, startApi } from './testing/server.ts';

type Obj = Record<string, unknown>;

/** A fetch that answers from a list of statuses (with a Retry-After header: [status, value]) and records the requests. */
function fakeFetch(answers: (number | [number, string])[]) {
  const calls: { url: string; init: Record<string, unknown> }[] = [];
  const fetch = async (url: string, init: Record<string, unknown>) => {
    calls.push({ url, init });
    const [status, retryAfter] = [answers.shift() ?? 200].flat() as [number, string?];
    const text =
      status === 200 ? '{"ok":true}' : JSON.stringify({ reason: 'Boom', message: `status ${status}` });
    const headers = { get: (h: string) => (h === 'retry-after' ? (retryAfter ?? null) : null) };
    return { status, headers, text: async () => text, body: null };
  };
  return { fetch, calls };
}

describe('KubeHttp', () => {
  let pki: Pki;
  let api: FakeApi;
  let dir: string;

  before(async function () {
    this.timeout(20_000);
    pki = makePki();
    api = await startApi(pki, { tokens: ['good-token'] });
    dir = mkdtempSync(join(tmpdir(), 'sts-chaos-http-'));
  });
  after(async () => {
    await api?.close();
    pki?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('over HTTPS (a local API server with its own CA)', () => {
    it('authenticates with a client certificate, verifying the server against the CA', async () => {
      const kc = kubeconfigFor(
        dir,
        `${api.url}/`,
        { 'certificate-authority': pki.caFile },
        { 'client-certificate': pki.clientCertFile, 'client-key': pki.clientKeyFile },
      );
      const http = new KubeHttp(kc);
      const got = await http.request<Obj>('get', '/api/v1/namespaces/db/pods/p');
      expect(got).to.deep.equal({ user: 'alice', method: 'GET', path: '/api/v1/namespaces/db/pods/p' });
      const created = await http.request<Obj>('create', '/api/v1/namespaces/db/pods', { body: { a: 1 } });
      expect(created.body).to.equal('{"a":1}');
      expect(http.counts.get).to.equal(1);
      expect(http.counts.create).to.equal(1);
      expect(http.kubeConfig).to.equal(kc);
    });

    it('authenticates with a bearer token; tls-server-name picks the name checked in the certificate', async () => {
      const kc = kubeconfigFor(
        dir,
        api.url,
        {
          'certificate-authority-data': pki.read(pki.caFile).toString('base64'),
          'tls-server-name': 'kube.test',
        },
        { token: 'good-token' },
      );
      const got = await new KubeHttp(kc).request<Obj>('list', '/api/v1/pods', { query: { limit: 1 } });
      expect(got.user).to.equal('token:good-token');
      const seen = api.seen.at(-1);
      expect(seen?.headers.authorization).to.equal('Bearer good-token');
      expect(seen?.headers.accept).to.equal('application/json');
    });

    it('basic auth, and impersonation headers', async () => {
      const kc = kubeconfigFor(
        dir,
        api.url,
        { 'certificate-authority': pki.caFile },
        { username: 'bob', password: 'secret', as: 'jane', 'as-groups': ['ops'] },
      );
      expect((await new KubeHttp(kc).request<Obj>('get', '/x')).user).to.equal('basic:bob');
      expect(api.seen.at(-1)?.headers['impersonate-user']).to.equal('jane');
      expect(api.seen.at(-1)?.headers['impersonate-group']).to.equal('ops');
    });

    it('refuses a server its CA did not sign or under another name, unless insecure-skip-tls-verify', async () => {
      const other = kubeconfigFor(
        dir,
        api.url,
        { 'certificate-authority': pki.strangerCertFile },
        { token: 'good-token' },
      );
      const err = await new KubeHttp(other, { retries: 0 }).request('get', '/x').catch((e: unknown) => e);
      expect(err).to.be.instanceOf(ApiError);
      expect((err as ApiError).reason).to.equal('ConnectionFailed');
      expect((err as ApiError).message).to.match(/^get \/x: fetch failed: .*certificate/);
      const misnamed = kubeconfigFor(
        dir,
        api.url,
        { 'certificate-authority': pki.caFile, 'tls-server-name': 'other.test' },
        { token: 'good-token' },
      );
      const err2 = await new KubeHttp(misnamed, { retries: 0 }).request('get', '/x').catch((e: unknown) => e);
      expect((err2 as ApiError).message).to.match(/^get \/x: fetch failed: .*other\.test/);
      const insecure = kubeconfigFor(
        dir,
        api.url,
        { 'insecure-skip-tls-verify': true },
        { token: 'good-token' },
      );
      expect((await new KubeHttp(insecure).request<Obj>('get', '/x')).user).to.equal('token:good-token');
    });

    it('a 401 (or 403) is an ApiError at once, without retries', async () => {
      const kc = kubeconfigFor(dir, api.url, { 'certificate-authority': pki.caFile }, { token: 'bad' });
      const http = new KubeHttp(kc);
      const err = (await http.request('get', '/x').catch((e: unknown) => e)) as ApiError;
      expect(err).to.be.instanceOf(ApiError);
      expect(err.status).to.equal(401);
      expect(err.message).to.equal('get /x: 401 Unauthorized: Unauthorized');
      expect(http.counts.get).to.equal(1);
    });

    it('an expired plugin token: one 401, the plugin runs again, the request succeeds', async () => {
      const script = join(dir, 'plugin.sh');
      writeFileSync(
        script,
        '#!/bin/sh\necho run >> "$0.count"\nprintf \'{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}\' "$(cat "$0.token")"\n',
      );
      chmodSync(script, 0o755);
      writeFileSync(`${script}.token`, 'stale');
      const kc = kubeconfigFor(
        dir,
        api.url,
        { 'certificate-authority': pki.caFile },
        {
          exec: { apiVersion: 'client.authentication.k8s.io/v1', command: script, interactiveMode: 'Never' },
        },
      );
      const http = new KubeHttp(kc);
      api.tokens.add('stale');
      expect((await http.request<Obj>('get', '/x')).user).to.equal('token:stale');
      api.tokens.delete('stale');
      writeFileSync(`${script}.token`, 'fresh');
      api.tokens.add('fresh');
      expect((await http.request<Obj>('get', '/x')).user).to.equal('token:fresh');
      expect(http.counts.get).to.equal(3);
    });

    it('a plugin that fails is a usage error at once, not retried', async () => {
      const kc = kubeconfigFor(
        dir,
        api.url,
        {},
        { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: '/nonexistent/plugin' } },
      );
      const http = new KubeHttp(kc);
      const err = (await http.request('get', '/x').catch((e: unknown) => e)) as Error;
      expect(err).to.be.instanceOf(UsageError);
      expect(err.message).to.match(/exec plugin: \/nonexistent\/plugin: not found$/);
      expect(http.counts.get).to.equal(1);
    });

    it('streams watch lines split across chunks', async () => {
      const kc = kubeconfigFor(
        dir,
        api.url,
        { 'certificate-authority': pki.caFile },
        { 'client-certificate': pki.clientCertFile, 'client-key': pki.clientKeyFile },
      );
      const http = new KubeHttp(kc);
      const lines: string[] = [];
      await http.watchStream(
        '/api/v1/pods',
        { resourceVersion: '5' },
        (l) => lines.push(l),
        new AbortController().signal,
      );
      expect(lines.map((l) => JSON.parse(l).type)).to.deep.equal(['ADDED', 'MODIFIED']);
      expect(http.counts.watch).to.equal(1);
    });

    it('a watch refused is an ApiError with the reason', async () => {
      const kc = kubeconfigFor(dir, api.url, { 'certificate-authority': pki.caFile }, { token: 'bad' });
      const err = (await new KubeHttp(kc)
        .watchStream('/api/v1/pods', {}, () => {}, new AbortController().signal)
        .catch((e: unknown) => e)) as ApiError;
      expect(err.status).to.equal(401);
      expect(err.message).to.equal('watch /api/v1/pods: 401 Unauthorized: Unauthorized');
    });
  });

  describe('retries (with a fetch passed in)', () => {
    const kc = (): KubeConfig => kubeconfigFor(dir, 'https://127.0.0.1:1', {}, { token: 't' });

    it('retries 429 and 5xx, counting each attempt, then returns the body', async () => {
      const f = fakeFetch([429, 503, 200]);
      const http = new KubeHttp(kc(), { fetch: f.fetch });
      expect(
        await http.request('patch', '/a', { body: {}, contentType: 'application/merge-patch+json' }),
      ).to.deep.equal({
        ok: true,
      });
      expect(http.counts.patch).to.equal(3);
      expect(f.calls[0]?.url).to.equal('https://127.0.0.1:1/a');
      const sent = (f.calls[0]?.init.headers ?? {}) as Obj;
      expect(sent['Content-Type']).to.equal('application/merge-patch+json');
      expect(sent.Authorization).to.equal('Bearer t');
      expect(f.calls[0]?.init.dispatcher).to.equal(f.calls[2]?.init.dispatcher);
    });

    it('gives up after its retries with the last ApiError; 404 is not retried', async () => {
      const http = new KubeHttp(kc(), { fetch: fakeFetch([500, 500, 500]).fetch, retries: 2 });
      const err = (await http.request('delete', '/a').catch((e: unknown) => e)) as ApiError;
      expect(err.status).to.equal(500);
      expect(err.message).to.equal('delete /a: 500 Boom: status 500');
      expect(http.counts.delete).to.equal(3);
      const h2 = new KubeHttp(kc(), { fetch: fakeFetch([404]).fetch });
      expect(((await h2.request('get', '/a').catch((e: unknown) => e)) as ApiError).status).to.equal(404);
      expect(h2.counts.get).to.equal(1);
    });

    it('a 429 waits as long as its Retry-After asks (seconds, or an HTTP date), backoff included', async () => {
      const waits: number[] = [];
      const sleep = async (ms: number) => {
        waits.push(ms);
      };
      const f = fakeFetch([[429, '2'], [429, new Date(Date.now() + 4500).toUTCString()], [503, '9'], 200]);
      const http = new KubeHttp(kc(), { fetch: f.fetch, sleep });
      expect(await http.request('get', '/a')).to.deep.equal({ ok: true });
      expect(http.counts.get).to.equal(4);
      // Backoff 200 ms then 400 ms; the HTTP date has whole seconds, so 3.5-4.5 s are left of it (less
      // the time the test itself takes, which a loaded machine stretches).
      expect(waits[0]).to.equal(1800);
      expect(waits[1]).to.be.within(2500, 4100);
      expect(waits).to.have.length(2);
    });

    it('a Retry-After that would end after the retry deadline: the 429 at once', async () => {
      const sleep = async () => {
        throw new Error('no wait expected');
      };
      const http = new KubeHttp(kc(), { fetch: fakeFetch([[429, '3600']]).fetch, sleep });
      const err = (await http.request('get', '/a').catch((e: unknown) => e)) as ApiError;
      expect(err.status).to.equal(429);
      expect(err.retryAfterMs).to.equal(3_600_000);
      expect(http.counts.get).to.equal(1);
      const short = new KubeHttp(kc(), {
        fetch: fakeFetch([[429, '2']]).fetch,
        sleep,
        retryDeadlineMs: 1000,
      });
      expect(((await short.request('get', '/a').catch((e: unknown) => e)) as ApiError).status).to.equal(429);
    });
  });

  it('retryAfterMs: delay-seconds or an HTTP date, a past date 0, anything else undefined', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(retryAfterMs('3', now)).to.equal(3000);
    expect(retryAfterMs(' 0 ', now)).to.equal(0);
    expect(retryAfterMs('Tue, 01 Jan 2030 00:00:05 GMT', now)).to.equal(5000);
    expect(retryAfterMs('Mon, 31 Dec 2029 23:00:00 GMT', now)).to.equal(0);
    for (const v of [null, undefined, '', '-1', '1.5', 'soon'])
      expect(retryAfterMs(v, now)).to.equal(undefined);
  });
});
