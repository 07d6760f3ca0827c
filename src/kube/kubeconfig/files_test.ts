import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { stringify } from 'yaml';
import { loadKubeConfig } from '../kubeconfig.ts';
import { CA, config, fail, type Obj, scratch } from '../testing/kubeconfigs.ts';
import { readKubeconfigs } from './files.ts';

/** readKubeconfigs over documents held in memory (undefined: the file does not exist). */
const merge = (docs: Record<string, Obj | string | undefined>) =>
  readKubeconfigs(Object.keys(docs), (f) => {
    const d = docs[f];
    return typeof d === 'object' ? stringify(d) : d;
  });

const names = (m: ReadonlyMap<string, { value: unknown; file: string }>) =>
  Object.fromEntries([...m].map(([k, v]) => [k, v.file]));

describe('readKubeconfigs (merging KUBECONFIG files as kubectl does)', () => {
  it('the first file to name a cluster, user or context wins for that name; current-context from the first that sets it', () => {
    const m = merge({
      a: {
        clusters: [{ name: 'c1', cluster: { server: 'https://a' } }],
        users: [{ name: 'u1', user: { token: 'a' } }],
      },
      b: {
        clusters: [
          { name: 'c1', cluster: { server: 'https://b' } },
          { name: 'c2', cluster: { server: 'https://b2' } },
        ],
        contexts: [{ name: 'x', context: { cluster: 'c1', user: 'u1' } }],
        'current-context': 'x',
      },
      c: { contexts: [{ name: 'x', context: {} }], 'current-context': 'y' },
    });
    expect(m.files).to.deep.equal(['a', 'b', 'c']);
    expect(names(m.clusters)).to.deep.equal({ c1: 'a', c2: 'b' });
    expect(m.clusters.get('c1')?.value).to.deep.equal({ server: 'https://a' });
    expect(names(m.users)).to.deep.equal({ u1: 'a' });
    expect(names(m.contexts)).to.deep.equal({ x: 'b' });
    expect(m.currentContext).to.deep.equal({ name: 'x', file: 'b' });
  });

  it('skips files that do not exist; an empty file is an empty kubeconfig; an empty current-context sets nothing', () => {
    const m = merge({
      gone: undefined,
      empty: '',
      a: { 'current-context': '' },
      b: { 'current-context': 'main', contexts: [{ name: 'main' }, { nameless: true }, 'junk'] },
    });
    expect(m.files).to.deep.equal(['empty', 'a', 'b']);
    expect(m.currentContext).to.deep.equal({ name: 'main', file: 'b' });
    expect(m.contexts.get('main')?.value).to.deep.equal({});
    expect(m.contexts.size).to.equal(1);
  });

  it('errors name the file', () => {
    expect(fail(() => merge({ a: {}, b: 'clusters: [\n' })).message).to.match(/^kubeconfig b: .+/);
    expect(fail(() => merge({ a: '- 1\n' })).message).to.equal(
      'kubeconfig a: not a kubeconfig (expected a mapping)',
    );
    expect(fail(() => merge({ a: { users: { u: {} } } })).message).to.equal(
      'kubeconfig a: users is not a list',
    );
    expect(fail(() => merge({ a: { 'current-context': 3 } })).message).to.equal(
      'kubeconfig a: current-context is not a string',
    );
  });
});

describe('loadKubeConfig with KUBECONFIG', () => {
  const s = scratch();
  /** File A: the cluster (a CA relative to A's directory) and the user; file B: the context and current-context. */
  const split = () => {
    const a = join(s.dir, 'a', 'config');
    const b = join(s.dir, 'b', 'config');
    mkdirSync(join(s.dir, 'a'));
    mkdirSync(join(s.dir, 'b'));
    writeFileSync(join(s.dir, 'a', 'ca.crt'), CA);
    const full = config({ 'certificate-authority': 'ca.crt' }, { token: 'from-a' });
    writeFileSync(a, stringify({ clusters: full.clusters, users: full.users }));
    writeFileSync(b, stringify({ contexts: full.contexts, 'current-context': 'main' }));
    return { a, b };
  };

  it('merges the files: a cluster and user from one, the context from another; paths relative to their own file', async () => {
    const { a, b } = split();
    const kc = loadKubeConfig({ env: { KUBECONFIG: `${join(s.dir, 'none')}:${a}::${b}` }, home: s.dir });
    expect(kc.source).to.equal(`${a}:${b}`);
    expect(kc.context).to.equal('main');
    expect(kc.server).to.equal('https://10.0.0.1:6443');
    expect(kc.namespace).to.equal('db');
    const auth = await kc.auth();
    expect(auth.headers.Authorization).to.equal('Bearer from-a');
    expect(String(auth.tls.ca)).to.equal(CA);
    expect(loadKubeConfig({ env: { KUBECONFIG: `${b}:${a}` }, context: 'main' }).source).to.equal(
      `${b}:${a}`,
    );
  });

  it('errors name the file that defined the entry at fault', () => {
    const { a, b } = split();
    const users = [{ name: 'u', user: {} }];
    writeFileSync(a, stringify({ clusters: [{ name: 'c', cluster: { server: 'ftp://x' } }], users }));
    expect(fail(() => loadKubeConfig({ env: { KUBECONFIG: `${a}:${b}` } })).message).to.equal(
      `kubeconfig ${a}: cluster "c": server "ftp://x" is not http(s)`,
    );
    writeFileSync(a, stringify({ clusters: [{ name: 'c', cluster: { server: 'https://x' } }] }));
    expect(fail(() => loadKubeConfig({ env: { KUBECONFIG: `${a}:${b}` } })).message).to.equal(
      `kubeconfig ${a}:${b}: user "u" (of context "main") is not among its users`,
    );
  });

  it('a list of files none of which exists is an error, or the service account in a pod', () => {
    const list = `${join(s.dir, 'x')}:${join(s.dir, 'y')}`;
    expect(fail(() => loadKubeConfig({ env: { KUBECONFIG: list }, home: s.dir })).message).to.equal(
      `KUBECONFIG ${list}: none of its files exists`,
    );
    writeFileSync(join(s.dir, 'token'), 'sa');
    const env = { KUBECONFIG: list, KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };
    expect(loadKubeConfig({ env, serviceAccountDir: s.dir }).source).to.equal('in-cluster');
  });

  it('an empty list is as if KUBECONFIG were not set: ~/.kube/config', () => {
    mkdirSync(join(s.dir, '.kube'));
    writeFileSync(join(s.dir, '.kube', 'config'), stringify(config({}, {})));
    for (const KUBECONFIG of ['', ':']) {
      expect(loadKubeConfig({ env: { KUBECONFIG }, home: s.dir }).source).to.equal(
        join(s.dir, '.kube', 'config'),
      );
    }
  });
});
