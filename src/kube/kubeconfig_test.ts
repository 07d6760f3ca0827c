import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { stringify } from 'yaml';
import { UsageError } from '../errors.ts';
import { type KubeConfig, type KubeConfigOptions, loadKubeConfig } from './kubeconfig.ts';

const CA = '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n';
const CERT = '-----BEGIN CERTIFICATE-----\ncert\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nkey\n-----END PRIVATE KEY-----\n';
const b64 = (s: string) => Buffer.from(s).toString('base64');

type Obj = Record<string, unknown>;

/** A kubeconfig with one context "main" (cluster "c", user "u") and whatever `over` adds or replaces. */
function config(cluster: Obj, user: Obj, over: Obj = {}): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server: 'https://10.0.0.1:6443/', ...cluster } }],
    users: [{ name: 'u', user }],
    contexts: [{ name: 'main', context: { cluster: 'c', user: 'u', namespace: 'db' } }],
    'current-context': 'main',
    ...over,
  };
}

function fail(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    expect(e).to.be.instanceOf(UsageError);
    return e as Error;
  }
  throw new Error('expected a UsageError');
}

async function failAsync(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(UsageError);
    return e as Error;
  }
  throw new Error('expected a UsageError');
}

describe('loadKubeConfig', () => {
  let dir: string;
  let file: string;
  const load = (doc: Obj | string, opts: KubeConfigOptions = {}): KubeConfig => {
    writeFileSync(file, typeof doc === 'string' ? doc : stringify(doc));
    return loadKubeConfig({ kubeconfig: file, env: {}, ...opts });
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sts-chaos-kc-'));
    file = join(dir, 'config');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('clusters and client certificates', () => {
    it('reads the current context: server (without a trailing slash), CA, certificate and key files relative to the kubeconfig', async () => {
      mkdirSync(join(dir, 'pki'));
      writeFileSync(join(dir, 'pki', 'ca.crt'), CA);
      writeFileSync(join(dir, 'pki', 'me.crt'), CERT);
      writeFileSync(join(dir, 'pki', 'me.key'), KEY);
      const kc = load(
        config(
          { 'certificate-authority': 'pki/ca.crt' },
          { 'client-certificate': 'pki/me.crt', 'client-key': `${dir}/pki/me.key` },
        ),
      );
      expect(kc.server).to.equal('https://10.0.0.1:6443');
      expect(kc.context).to.equal('main');
      expect(kc.namespace).to.equal('db');
      expect(kc.source).to.equal(file);
      const a = await kc.auth();
      expect(a.headers).to.deep.equal({});
      expect(String(a.tls.ca)).to.equal(CA);
      expect(String(a.tls.cert)).to.equal(CERT);
      expect(String(a.tls.key)).to.equal(KEY);
      expect(a.tls.rejectUnauthorized).to.equal(true);
      expect(a.tls.servername).to.equal(undefined);
      expect(await kc.auth()).to.equal(a);
      expect(kc.invalidate()).to.equal(false);
    });

    it('takes -data (base64) over files', async () => {
      const kc = load(
        config(
          { 'certificate-authority-data': b64(CA), 'certificate-authority': 'missing.crt' },
          { 'client-certificate-data': b64(CERT), 'client-key-data': b64(KEY) },
        ),
      );
      const a = await kc.auth();
      expect(String(a.tls.ca)).to.equal(CA);
      expect(String(a.tls.cert)).to.equal(CERT);
      expect(String(a.tls.key)).to.equal(KEY);
    });

    it('insecure-skip-tls-verify drops the CA; tls-server-name sets the TLS server name; proxy-url is kept', async () => {
      const kc = load(
        config(
          {
            'certificate-authority-data': b64(CA),
            'insecure-skip-tls-verify': true,
            'tls-server-name': 'kube.test',
            'proxy-url': 'http://127.0.0.1:3128',
          },
          {},
        ),
      );
      const a = await kc.auth();
      expect(a.tls).to.deep.equal({ rejectUnauthorized: false, servername: 'kube.test' });
      expect(kc.proxyUrl).to.equal('http://127.0.0.1:3128');
    });

    it('--context picks another context; an unknown one is a usage error', async () => {
      const doc = config({}, { token: 'a' });
      (doc.clusters as Obj[]).push({ name: 'c2', cluster: { server: 'https://10.0.0.2' } });
      (doc.users as Obj[]).push({ name: 'u2', user: { token: 'b' } });
      (doc.contexts as Obj[]).push({ name: 'other', context: { cluster: 'c2', user: 'u2' } });
      const kc = load(doc, { context: 'other' });
      expect(kc.server).to.equal('https://10.0.0.2');
      expect(kc.context).to.equal('other');
      expect(kc.namespace).to.equal(undefined);
      expect((await kc.auth()).headers.Authorization).to.equal('Bearer b');
      expect(fail(() => load(doc, { context: 'nope' })).message).to.equal('kubeconfig has no context "nope"');
    });

    it('KUBECONFIG: the first file of the list that exists', () => {
      writeFileSync(file, stringify(config({}, {})));
      const kc = loadKubeConfig({ env: { KUBECONFIG: `${dir}/none:${file}` } });
      expect(kc.source).to.equal(file);
    });

    it('~/.kube/config when nothing else is configured', () => {
      mkdirSync(join(dir, '.kube'));
      writeFileSync(join(dir, '.kube', 'config'), stringify(config({}, {})));
      expect(loadKubeConfig({ env: {}, home: dir }).source).to.equal(join(dir, '.kube', 'config'));
    });
  });

  describe('users', () => {
    it('token: a bearer header; username/password: basic; as/as-groups: impersonation', async () => {
      expect((await load(config({}, { token: 't0k' })).auth()).headers).to.deep.equal({
        Authorization: 'Bearer t0k',
      });
      expect((await load(config({}, { username: 'bob', password: 'pw' })).auth()).headers).to.deep.equal({
        Authorization: `Basic ${b64('bob:pw')}`,
      });
      const imp = await load(config({}, { token: 't', as: 'jane', 'as-groups': ['g1', 'g2'] })).auth();
      expect(imp.headers).to.deep.equal({
        Authorization: 'Bearer t',
        'Impersonate-User': 'jane',
        'Impersonate-Group': 'g1, g2',
      });
    });

    it('tokenFile (relative): read again when it changes, the last good token kept when it goes away', async () => {
      writeFileSync(join(dir, 'token'), 'first\n');
      const kc = load(config({}, { tokenFile: 'token' }));
      expect((await kc.auth()).headers.Authorization).to.equal('Bearer first');
      writeFileSync(join(dir, 'token'), 'second-token');
      utimesSync(join(dir, 'token'), new Date(), new Date(Date.now() + 5000));
      expect((await kc.auth()).headers.Authorization).to.equal('Bearer second-token');
      rmSync(join(dir, 'token'));
      expect((await kc.auth()).headers.Authorization).to.equal('Bearer second-token');
    });
  });

  describe('errors name the file and the reason', () => {
    it('a missing kubeconfig', () => {
      expect(fail(() => loadKubeConfig({ kubeconfig: `${dir}/nope`, env: {} })).message).to.equal(
        `kubeconfig ${dir}/nope: no such file`,
      );
    });

    it('nothing configured anywhere', () => {
      expect(fail(() => loadKubeConfig({ env: {}, home: dir })).message).to.match(/no cluster credentials/);
    });

    it('YAML that does not parse, or is not a mapping', () => {
      expect(fail(() => load('clusters: [\n')).message).to.match(new RegExp(`^kubeconfig ${file}: .+`));
      expect(fail(() => load('- a\n')).message).to.equal(
        `kubeconfig ${file}: not a kubeconfig (expected a mapping)`,
      );
    });

    it('files it names that are missing, with their full path', () => {
      expect(fail(() => load(config({ 'certificate-authority': 'ca.crt' }, {}))).message).to.equal(
        `kubeconfig ${file}: cluster "c": certificate-authority ${dir}/ca.crt: no such file`,
      );
      expect(
        fail(() => load(config({}, { 'client-certificate': 'me.crt', 'client-key': 'me.key' }))).message,
      ).to.equal(`kubeconfig ${file}: user "u": client-certificate ${dir}/me.crt: no such file`);
      expect(fail(() => load(config({}, { tokenFile: '/nonexistent/token' }))).message).to.equal(
        `kubeconfig ${file}: user "u": tokenFile /nonexistent/token: no such file`,
      );
    });

    it('an incomplete or inconsistent config', () => {
      expect(fail(() => load(config({ server: undefined }, {}))).message).to.equal(
        `kubeconfig ${file}: cluster "c": no server`,
      );
      expect(fail(() => load(config({ server: 'ftp://x' }, {}))).message).to.equal(
        `kubeconfig ${file}: cluster "c": server "ftp://x" is not http(s)`,
      );
      expect(fail(() => load(config({}, { 'client-certificate-data': b64(CERT) }))).message).to.equal(
        `kubeconfig ${file}: user "u": client-certificate without client-key`,
      );
      expect(fail(() => load(config({}, {}, { 'current-context': 'gone' }))).message).to.equal(
        `kubeconfig ${file}: current-context "gone" is not among its contexts`,
      );
      expect(fail(() => load(config({}, {}, { 'current-context': undefined }))).message).to.equal(
        `kubeconfig ${file}: no current-context (give --context)`,
      );
      expect(fail(() => load(config({}, {}, { users: [] }))).message).to.equal(
        `kubeconfig ${file}: user "u" (of context "main") is not among its users`,
      );
      expect(fail(() => load(config({}, {}, { clusters: [] }))).message).to.equal(
        'kubeconfig has no current cluster',
      );
      expect(fail(() => load(config({ 'proxy-url': 'socks5://127.0.0.1:1080' }, {}))).message).to.equal(
        `kubeconfig ${file}: cluster "c": proxy-url "socks5://127.0.0.1:1080": only http and https proxies are supported`,
      );
      expect(fail(() => load(config({}, { token: 3 }))).message).to.equal(
        `kubeconfig ${file}: user "u": token is not a string`,
      );
    });
  });

  describe('in a pod', () => {
    it('the service account: its token (re-read as it rotates), its CA, its namespace, the service address', async () => {
      writeFileSync(join(dir, 'token'), 'sa-1');
      writeFileSync(join(dir, 'ca.crt'), CA);
      writeFileSync(join(dir, 'namespace'), 'db\n');
      const kc = loadKubeConfig({
        env: { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' },
        serviceAccountDir: dir,
        home: join(dir, 'nohome'),
      });
      expect(kc.source).to.equal('in-cluster');
      expect(kc.server).to.equal('https://[fd00::1]:443');
      expect(kc.namespace).to.equal('db');
      const a = await kc.auth();
      expect(a.headers.Authorization).to.equal('Bearer sa-1');
      expect(String(a.tls.ca)).to.equal(CA);
      writeFileSync(join(dir, 'token'), 'sa-two');
      expect((await kc.auth()).headers.Authorization).to.equal('Bearer sa-two');
    });

    it('a kubeconfig wins over the service account', () => {
      writeFileSync(join(dir, 'token'), 'sa');
      writeFileSync(file, stringify(config({}, {})));
      const kc = loadKubeConfig({
        env: { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443', KUBECONFIG: file },
        serviceAccountDir: dir,
      });
      expect(kc.source).to.equal(file);
    });
  });

  describe('exec credential plugins', () => {
    /** A plugin that counts its runs, saves its KUBERNETES_EXEC_INFO and its args, and prints answer.json. */
    const plugin = (): Obj => {
      writeFileSync(
        join(dir, 'plugin.sh'),
        [
          '#!/bin/sh',
          'cd "$(dirname "$0")"',
          'echo run >> "$COUNT_FILE"',
          'printf "%s" "$KUBERNETES_EXEC_INFO" > info.json',
          'echo "$@" > args.txt',
          'if [ -n "$PLUGIN_FAIL" ]; then echo "first line" >&2; echo "login required" >&2; exit 3; fi',
          'cat answer.json',
          '',
        ].join('\n'),
      );
      chmodSync(join(dir, 'plugin.sh'), 0o755);
      return {
        apiVersion: 'client.authentication.k8s.io/v1',
        command: './plugin.sh',
        args: ['get-token', '--cluster', 'c'],
        env: [{ name: 'COUNT_FILE', value: join(dir, 'count') }],
        interactiveMode: 'Never',
        provideClusterInfo: true,
      };
    };
    const answer = (status: Obj, over: Obj = {}) =>
      writeFileSync(
        join(dir, 'answer.json'),
        JSON.stringify({
          apiVersion: 'client.authentication.k8s.io/v1',
          kind: 'ExecCredential',
          status,
          ...over,
        }),
      );
    const runs = () => {
      try {
        return readFileSync(join(dir, 'count'), 'utf8').trim().split('\n').length;
      } catch {
        return 0;
      }
    };
    const penv = { PATH: process.env.PATH };

    it('runs the command (relative to the kubeconfig) with its args and env, and caches the token until it nears its expiry', async () => {
      let now = Date.parse('2030-01-01T00:00:00Z');
      answer({ token: 'tok-1', expirationTimestamp: '2030-01-01T00:05:00Z' });
      const kc = load(config({ 'certificate-authority-data': b64(CA) }, { exec: plugin() }), {
        now: () => now,
        env: penv,
      });
      expect(runs()).to.equal(0);
      const [a, b] = await Promise.all([kc.auth(), kc.auth()]);
      expect(a.headers.Authorization).to.equal('Bearer tok-1');
      expect(b.headers.Authorization).to.equal('Bearer tok-1');
      expect(runs()).to.equal(1);
      expect(readFileSync(join(dir, 'args.txt'), 'utf8').trim()).to.equal('get-token --cluster c');
      const info = JSON.parse(readFileSync(join(dir, 'info.json'), 'utf8'));
      expect(info).to.deep.equal({
        apiVersion: 'client.authentication.k8s.io/v1',
        kind: 'ExecCredential',
        spec: {
          interactive: false,
          cluster: { server: 'https://10.0.0.1:6443', 'certificate-authority-data': b64(CA) },
        },
      });
      now += 4 * 60_000;
      await kc.auth();
      expect(runs()).to.equal(1);
      answer({ token: 'tok-2', expirationTimestamp: '2030-01-01T00:10:00Z' });
      now += 55_000; // 5 s before the expiry: renewed
      expect((await kc.auth()).headers.Authorization).to.equal('Bearer tok-2');
      expect(runs()).to.equal(2);
      answer({ token: 'tok-3' });
      expect(kc.invalidate()).to.equal(true);
      expect((await kc.auth()).headers.Authorization).to.equal('Bearer tok-3');
      now += 365 * 86_400_000; // no expiry: kept
      expect((await kc.auth()).headers.Authorization).to.equal('Bearer tok-3');
      expect(runs()).to.equal(3);
    });

    it('the default runner: a bare command is looked up in PATH; stderr explains a failure', async () => {
      answer({ token: 'from-path' });
      const exec = { ...plugin(), command: 'plugin.sh' };
      const kc = load(config({}, { exec }), { env: { PATH: `${dir}:${process.env.PATH}` } });
      expect((await kc.auth()).headers.Authorization).to.equal('Bearer from-path');
      const failing = load(
        config({}, { exec: { ...plugin(), env: [{ name: 'PLUGIN_FAIL', value: '1' }] } }),
        {
          env: { ...penv, COUNT_FILE: join(dir, 'count') },
        },
      );
      expect((await failAsync(failing.auth())).message).to.equal(
        `kubeconfig ${file}: user "u": exec plugin: ${dir}/plugin.sh: exited with 3: login required`,
      );
    });

    it('client certificates from the plugin become the TLS material (the same object while unchanged)', async () => {
      answer({
        clientCertificateData: CERT,
        clientKeyData: KEY,
        expirationTimestamp: '2030-01-01T00:05:00Z',
      });
      let now = Date.parse('2030-01-01T00:00:00Z');
      const kc = load(config({ 'tls-server-name': 'kube.test' }, { exec: plugin() }), {
        now: () => now,
        env: penv,
      });
      const a = await kc.auth();
      expect(a.headers).to.deep.equal({});
      expect(a.tls).to.deep.equal({
        rejectUnauthorized: true,
        servername: 'kube.test',
        cert: CERT,
        key: KEY,
      });
      now += 10 * 60_000;
      const b = await kc.auth();
      expect(runs()).to.equal(2);
      expect(b.tls).to.equal(a.tls);
    });

    it('a plugin that is missing, answers badly, or has no credential: errors that say so', async () => {
      const exec = plugin();
      const missing = load(
        config(
          {},
          { exec: { ...exec, command: 'no-such-plugin', installHint: 'install it from the intranet' } },
        ),
        { env: { PATH: dir } },
      );
      expect((await failAsync(missing.auth())).message).to.equal(
        `kubeconfig ${file}: user "u": exec plugin: no-such-plugin: not found (install it from the intranet)`,
      );
      const cases: [string, string][] = [
        ['not json', 'its output is not JSON'],
        [JSON.stringify({ kind: 'Pod' }), 'its output is not an ExecCredential'],
        [
          JSON.stringify({
            apiVersion: 'client.authentication.k8s.io/v1beta1',
            kind: 'ExecCredential',
            status: {},
          }),
          'answered client.authentication.k8s.io/v1beta1, not client.authentication.k8s.io/v1',
        ],
        [
          JSON.stringify({
            apiVersion: 'client.authentication.k8s.io/v1',
            kind: 'ExecCredential',
            status: {},
          }),
          'its ExecCredential has neither a token nor a client certificate and key',
        ],
        [
          JSON.stringify({
            apiVersion: 'client.authentication.k8s.io/v1',
            kind: 'ExecCredential',
            status: { token: 't', expirationTimestamp: 'soon' },
          }),
          'status.expirationTimestamp "soon" is not a time',
        ],
      ];
      for (const [out, reason] of cases) {
        const kc = load(config({}, { exec }), { runPlugin: async () => out });
        expect((await failAsync(kc.auth())).message).to.equal(
          `kubeconfig ${file}: user "u": exec plugin: ${dir}/plugin.sh: ${reason}`,
        );
      }
      expect(fail(() => load(config({}, { exec: { command: 'x' } }))).message).to.equal(
        `kubeconfig ${file}: user "u": exec: no apiVersion`,
      );
      expect(
        (
          await failAsync(
            load(config({}, { exec: { ...exec, interactiveMode: 'Always' } }), { env: penv }).auth(),
          )
        ).message,
      ).to.equal(
        `kubeconfig ${file}: user "u": exec plugin: ${dir}/plugin.sh needs a terminal (interactiveMode: Always)`,
      );
    });
  });

  describe('legacy auth-provider', () => {
    it('falls back to client-node, loaded only on the first request', async () => {
      const kc = load(
        config(
          { 'certificate-authority-data': b64(CA) },
          {
            'auth-provider': {
              name: 'gcp',
              config: { 'access-token': 'gcp-token', expiry: '2999-01-01T00:00:00Z' },
            },
          },
        ),
      );
      expect(kc.server).to.equal('https://10.0.0.1:6443');
      const a = await kc.auth();
      expect(a.headers.Authorization).to.equal('Bearer gcp-token');
      expect(String(a.tls.ca)).to.equal(CA);
      expect((await kc.auth()).tls).to.equal(a.tls);
    });
  });

  it('the kube modules do not load client-node', () => {
    const script = `
      import { registerHooks } from 'node:module';
      const seen = [];
      registerHooks({ resolve(s, c, next) { const r = next(s, c); seen.push(r.url); return r; } });
      const { loadKubeConfig } = await import('./src/kube/kubeconfig.ts');
      await import('./src/kube/http.ts');
      await import('./src/kube/exec.ts');
      const kc = loadKubeConfig({ kubeconfig: process.argv[1], env: {} });
      await kc.auth();
      console.log(seen.filter((u) => u.includes('client-node')).length, seen.filter((u) => u.includes('undici')).length);
    `;
    writeFileSync(file, stringify(config({}, { token: 't' })));
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, file], {
      cwd: join(import.meta.dirname, '..', '..'),
      encoding: 'utf8',
    });
    expect(out.trim()).to.match(/^0 [1-9]/);
  });
});
