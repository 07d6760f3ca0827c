import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { stringify } from 'yaml';
import { b64, CA, CERT, config, fail, failAsync, KEY, type Obj, scratch } from '../testing/kubeconfigs.ts';

describe('kubeconfig users through client-node', () => {
  const s = scratch();
  const load = s.load;
  const API = 'client.authentication.k8s.io/v1';

  /** A plugin (relative to the kubeconfig) that counts its runs, saves its exec info and args, and prints answer.json. */
  const plugin = (over: Obj = {}): Obj => {
    writeFileSync(
      join(s.dir, 'plugin.sh'),
      [
        '#!/bin/sh',
        'cd "$(dirname "$0")"',
        'echo run >> count',
        'printf "%s" "$KUBERNETES_EXEC_INFO" > info.json',
        'echo "$@" > args.txt',
        'echo "$GREETING" > env.txt',
        'if [ -n "$PLUGIN_FAIL" ]; then echo "first line" >&2; echo "login required" >&2; exit 3; fi',
        'cat answer.json',
        '',
      ].join('\n'),
    );
    chmodSync(join(s.dir, 'plugin.sh'), 0o755);
    return {
      apiVersion: API,
      command: './plugin.sh',
      args: ['get-token', '--cluster', 'c'],
      env: [{ name: 'GREETING', value: 'hello' }],
      interactiveMode: 'Never',
      ...over,
    };
  };
  const answer = (status: Obj | undefined, over: Obj = {}) =>
    writeFileSync(
      join(s.dir, 'answer.json'),
      JSON.stringify({ apiVersion: API, kind: 'ExecCredential', status, ...over }),
    );
  const runs = () => {
    try {
      return readFileSync(join(s.dir, 'count'), 'utf8').trim().split('\n').length;
    } catch {
      return 0;
    }
  };

  describe('exec credential plugins', () => {
    it('runs the command (relative to the kubeconfig) with its args, env and exec info, once for concurrent requests, then caches the token', async () => {
      answer({ token: 'tok-1' });
      const kc = load(
        config(
          { 'certificate-authority-data': b64(CA) },
          { exec: plugin({ provideClusterInfo: true }), as: 'jane' },
        ),
      );
      expect(runs()).to.equal(0);
      const [a, b] = await Promise.all([kc.auth(), kc.auth()]);
      expect(a.headers).to.deep.equal({ Authorization: 'Bearer tok-1', 'Impersonate-User': 'jane' });
      expect(b.headers.Authorization).to.equal('Bearer tok-1');
      expect(String(a.tls.ca)).to.equal(CA);
      expect(runs()).to.equal(1);
      expect(readFileSync(join(s.dir, 'args.txt'), 'utf8').trim()).to.equal('get-token --cluster c');
      expect(readFileSync(join(s.dir, 'env.txt'), 'utf8').trim()).to.equal('hello');
      expect(JSON.parse(readFileSync(join(s.dir, 'info.json'), 'utf8'))).to.deep.equal({
        apiVersion: API,
        kind: 'ExecCredential',
        spec: {
          interactive: false,
          cluster: { server: 'https://10.0.0.1:6443', 'certificate-authority-data': b64(CA) },
        },
      });
      answer({ token: 'tok-2' });
      expect((await kc.auth()).headers.Authorization).to.equal('Bearer tok-1');
      expect(runs()).to.equal(1);
      expect(kc.invalidate()).to.equal(true);
      expect((await kc.auth()).headers.Authorization).to.equal('Bearer tok-2');
      expect(runs()).to.equal(2);
    });

    it('runs it again once its credential has expired; a static token gives way to the plugin', async () => {
      answer({ token: 'old', expirationTimestamp: '2001-01-01T00:00:00Z' });
      const kc = load(config({}, { exec: plugin(), token: 'static' }));
      expect((await kc.auth()).headers.Authorization).to.equal('Bearer old');
      answer({ token: 'new', expirationTimestamp: '2999-01-01T00:00:00Z' });
      expect((await kc.auth()).headers.Authorization).to.equal('Bearer new');
      await kc.auth();
      expect(runs()).to.equal(2);
    });

    it('a bare command is looked up in PATH (the env of the plugin included)', async () => {
      answer({ token: 'from-path' });
      const exec = plugin({
        command: 'plugin.sh',
        env: [{ name: 'PATH', value: `${s.dir}:${process.env.PATH}` }],
      });
      expect((await load(config({}, { exec })).auth()).headers.Authorization).to.equal('Bearer from-path');
    });

    it('client certificates from the plugin become the TLS material (the same object while unchanged)', async () => {
      answer({
        clientCertificateData: CERT,
        clientKeyData: KEY,
        expirationTimestamp: '2001-01-01T00:00:00Z',
      });
      const kc = load(config({ 'tls-server-name': 'kube.test' }, { exec: plugin() }));
      const a = await kc.auth();
      expect(a.headers).to.deep.equal({});
      expect(a.tls).to.deep.equal({
        rejectUnauthorized: true,
        servername: 'kube.test',
        cert: CERT,
        key: KEY,
      });
      const b = await kc.auth();
      expect(runs()).to.equal(2);
      expect(b.tls).to.equal(a.tls);
    });

    it('a plugin that is missing, fails, answers badly or gives no credential: one-line errors that say so', async () => {
      const prefix = `kubeconfig ${s.file}: user "u": exec plugin:`;
      const missing = load(
        config(
          {},
          { exec: plugin({ command: '/nonexistent/plugin', installHint: 'get it from the intranet\nmore' }) },
        ),
      );
      expect((await failAsync(missing.auth())).message).to.equal(
        `${prefix} /nonexistent/plugin: not found (get it from the intranet)`,
      );
      const failing = load(config({}, { exec: plugin({ env: [{ name: 'PLUGIN_FAIL', value: '1' }] }) }));
      expect((await failAsync(failing.auth())).message).to.equal(
        `${prefix} ${s.dir}/plugin.sh: login required`,
      );
      const cases: [string, string][] = [
        ['not json', 'its output is not JSON'],
        [JSON.stringify({ kind: 'Pod' }), 'its output is not an ExecCredential'],
        [
          JSON.stringify({ apiVersion: API, kind: 'ExecCredential', status: {} }),
          'its ExecCredential has neither a token nor a client certificate and key',
        ],
      ];
      for (const [out, reason] of cases) {
        writeFileSync(join(s.dir, 'answer.json'), out);
        const kc = load(config({}, { exec: plugin() }));
        expect((await failAsync(kc.auth())).message).to.equal(`${prefix} ${s.dir}/plugin.sh: ${reason}`);
      }
    });

    it('a plugin that cannot run here is an error at load time', () => {
      expect(fail(() => load(config({}, { exec: { command: 'x' } }))).message).to.equal(
        `kubeconfig ${s.file}: user "u": exec: no apiVersion`,
      );
      expect(fail(() => load(config({}, { exec: plugin({ interactiveMode: 'Always' }) }))).message).to.equal(
        `kubeconfig ${s.file}: user "u": exec: ${s.dir}/plugin.sh needs a terminal (interactiveMode: Always); sts-chaos runs plugins without one`,
      );
      expect(fail(() => load(config({}, { exec: plugin({ env: [{ name: 'A' }] }) }))).message).to.equal(
        `kubeconfig ${s.file}: user "u": exec: env entries need a name and a value`,
      );
    });
  });

  it("a legacy auth-provider: client-node gives the header; the cluster TLS stays the engine's", async () => {
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
    expect(kc.invalidate()).to.equal(false);
  });

  it('client-node is imported only on the first request of a user that needs it', () => {
    /** Prints how many client-node modules were loaded after loading, after auth(), and undici's count. */
    const script = `
      import { registerHooks } from 'node:module';
      const seen = [];
      registerHooks({ resolve(s, c, next) { const r = next(s, c); seen.push(r.url); return r; } });
      const count = (w) => seen.filter((u) => u.includes(w)).length;
      const { loadKubeConfig } = await import('./src/kube/kubeconfig.ts');
      await import('./src/kube/http.ts');
      await import('./src/kube/exec.ts');
      const kc = loadKubeConfig({ kubeconfig: process.argv[1], env: {} });
      const loaded = count('@kubernetes/client-node');
      await kc.auth();
      console.log(loaded, count('@kubernetes/client-node'), count('undici'));
    `;
    const run = (user: Obj) => {
      writeFileSync(s.file, stringify(config({}, user)));
      return execFileSync(process.execPath, ['--input-type=module', '-e', script, s.file], {
        cwd: join(import.meta.dirname, '..', '..', '..'),
        encoding: 'utf8',
      }).trim();
    };
    expect(run({ token: 't' })).to.match(/^0 0 [1-9]/);
    answer({ token: 'x' });
    expect(run({ exec: plugin() })).to.match(/^0 [1-9]\d* [1-9]/);
  });
});
