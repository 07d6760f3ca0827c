import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { stringify } from 'yaml';
import { loadKubeConfig } from './kubeconfig.ts';
import { b64, CA, CERT, config, fail, KEY, type Obj, scratch } from './testing/kubeconfigs.ts';

describe('loadKubeConfig', () => {
  const s = scratch();
  const load = s.load;

  describe('clusters and client certificates', () => {
    it('reads the current context: server (without a trailing slash), CA, certificate and key files relative to the kubeconfig', async () => {
      mkdirSync(join(s.dir, 'pki'));
      writeFileSync(join(s.dir, 'pki', 'ca.crt'), CA);
      writeFileSync(join(s.dir, 'pki', 'me.crt'), CERT);
      writeFileSync(join(s.dir, 'pki', 'me.key'), KEY);
      const kc = load(
        config(
          { 'certificate-authority': 'pki/ca.crt' },
          { 'client-certificate': 'pki/me.crt', 'client-key': `${s.dir}/pki/me.key` },
        ),
      );
      expect(kc.server).to.equal('https://10.0.0.1:6443');
      expect(kc.context).to.equal('main');
      expect(kc.namespace).to.equal('db');
      expect(kc.source).to.equal(s.file);
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
      expect(fail(() => load(doc, { context: 'nope' })).message).to.equal(
        `kubeconfig ${s.file}: no context "nope"`,
      );
    });

    it('~/.kube/config when nothing else is configured', () => {
      mkdirSync(join(s.dir, '.kube'));
      writeFileSync(join(s.dir, '.kube', 'config'), stringify(config({}, {})));
      expect(loadKubeConfig({ env: {}, home: s.dir }).source).to.equal(join(s.dir, '.kube', 'config'));
    });
  });

  describe('errors name the file and the reason', () => {
    it('a missing kubeconfig', () => {
      expect(fail(() => loadKubeConfig({ kubeconfig: `${s.dir}/nope`, env: {} })).message).to.equal(
        `kubeconfig ${s.dir}/nope: no such file`,
      );
    });

    it('nothing configured anywhere', () => {
      expect(fail(() => loadKubeConfig({ env: {}, home: s.dir })).message).to.match(/no cluster credentials/);
    });

    it('YAML that does not parse, or is not a mapping', () => {
      expect(fail(() => load('clusters: [\n')).message).to.match(new RegExp(`^kubeconfig ${s.file}: .+`));
      expect(fail(() => load('- a\n')).message).to.equal(
        `kubeconfig ${s.file}: not a kubeconfig (expected a mapping)`,
      );
    });

    it('files it names that are missing, with their full path', () => {
      expect(fail(() => load(config({ 'certificate-authority': 'ca.crt' }, {}))).message).to.equal(
        `kubeconfig ${s.file}: cluster "c": certificate-authority ${s.dir}/ca.crt: no such file`,
      );
      expect(
        fail(() => load(config({}, { 'client-certificate': 'me.crt', 'client-key': 'me.key' }))).message,
      ).to.equal(`kubeconfig ${s.file}: user "u": client-certificate ${s.dir}/me.crt: no such file`);
      expect(fail(() => load(config({}, { tokenFile: '/nonexistent/token' }))).message).to.equal(
        `kubeconfig ${s.file}: user "u": tokenFile /nonexistent/token: no such file`,
      );
    });

    it('an incomplete or inconsistent config', () => {
      expect(fail(() => load(config({ server: undefined }, {}))).message).to.equal(
        `kubeconfig ${s.file}: cluster "c": no server`,
      );
      expect(fail(() => load(config({ server: 'ftp://x' }, {}))).message).to.equal(
        `kubeconfig ${s.file}: cluster "c": server "ftp://x" is not http(s)`,
      );
      expect(fail(() => load(config({}, { 'client-certificate-data': b64(CERT) }))).message).to.equal(
        `kubeconfig ${s.file}: user "u": client-certificate without client-key`,
      );
      expect(fail(() => load(config({}, {}, { 'current-context': 'gone' }))).message).to.equal(
        `kubeconfig ${s.file}: current-context "gone" is not among its contexts`,
      );
      expect(fail(() => load(config({}, {}, { 'current-context': undefined }))).message).to.equal(
        `kubeconfig ${s.file}: no current-context (give --context)`,
      );
      expect(fail(() => load(config({}, {}, { users: [] }))).message).to.equal(
        `kubeconfig ${s.file}: user "u" (of context "main") is not among its users`,
      );
      expect(fail(() => load(config({}, {}, { clusters: [] }))).message).to.equal(
        `kubeconfig ${s.file}: cluster "c" (of context "main") is not among its clusters`,
      );
      const clusterless = config({}, {}, { contexts: [{ name: 'main', context: { user: 'u' } }] });
      expect(fail(() => load(clusterless)).message).to.equal(
        `kubeconfig ${s.file}: context "main" names no cluster`,
      );
      expect(fail(() => load(config({ 'proxy-url': 'socks5://127.0.0.1:1080' }, {}))).message).to.equal(
        `kubeconfig ${s.file}: cluster "c": proxy-url "socks5://127.0.0.1:1080": only http and https proxies are supported`,
      );
      expect(fail(() => load(config({}, { token: 3 }))).message).to.equal(
        `kubeconfig ${s.file}: user "u": token is not a string`,
      );
    });
  });
});
