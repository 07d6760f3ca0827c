/** For the kubeconfig tests: a kubeconfig document, PEM-looking strings, and usage-error catchers. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { stringify } from 'yaml';
import { UsageError } from '../../errors.ts';
import { type KubeConfig, type KubeConfigOptions, loadKubeConfig } from '../kubeconfig.ts';

export const CA = '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n';
export const CERT = '-----BEGIN CERTIFICATE-----\ncert\n-----END CERTIFICATE-----\n';
export const KEY = '-----BEGIN PRIVATE KEY-----\nkey\n-----END PRIVATE KEY-----\n';
export const b64 = (s: string) => Buffer.from(s).toString('base64');

export type Obj = Record<string, unknown>;

/** A kubeconfig with one context "main" (cluster "c", user "u") and whatever `over` adds or replaces. */
export function config(cluster: Obj, user: Obj, over: Obj = {}): Obj {
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

/** The UsageError `f` throws. */
export function fail(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    expect(e).to.be.instanceOf(UsageError);
    return e as Error;
  }
  throw new Error('expected a UsageError');
}

/** The UsageError `p` rejects with. */
export async function failAsync(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(UsageError);
    return e as Error;
  }
  throw new Error('expected a UsageError');
}

/** A temporary directory per test, with a kubeconfig path in it and `load` writing and loading it. */
export function scratch() {
  const s = {
    dir: '',
    file: '',
    load(doc: Obj | string, opts: KubeConfigOptions = {}): KubeConfig {
      writeFileSync(s.file, typeof doc === 'string' ? doc : stringify(doc));
      return loadKubeConfig({ kubeconfig: s.file, env: {}, ...opts });
    },
  };
  beforeEach(() => {
    s.dir = mkdtempSync(join(tmpdir(), 'sts-chaos-kc-'));
    s.file = join(s.dir, 'config');
  });
  afterEach(() => rmSync(s.dir, { recursive: true, force: true }));
  return s;
}
