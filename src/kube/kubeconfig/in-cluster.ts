/** The pod's service account: its token (re-read as it rotates), its CA and the API server's service. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../errors.ts';
import { Credentials, TokenFile } from './credentials.ts';
import type { KubeConfig, Mutable, TlsMaterial } from './types.ts';

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** True in a pod that has a service account token (KUBERNETES_SERVICE_HOST set, the token file present). */
export function inPod(env: NodeJS.ProcessEnv, saDir: string): boolean {
  return Boolean(env.KUBERNETES_SERVICE_HOST) && existsSync(join(saDir, 'token'));
}

export function inCluster(saDir: string, env: NodeJS.ProcessEnv): KubeConfig {
  const bad = (reason: string) => new UsageError(`in-cluster credentials: ${reason}`);
  const host = env.KUBERNETES_SERVICE_HOST ?? '';
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!port) throw bad('KUBERNETES_SERVICE_PORT is not set');
  const tls: Mutable<TlsMaterial> = { rejectUnauthorized: true };
  const caFile = join(saDir, 'ca.crt');
  if (existsSync(caFile)) tls.ca = readFileSync(caFile);
  const nsFile = join(saDir, 'namespace');
  const endpoint = {
    source: 'in-cluster',
    context: undefined,
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    proxyUrl: undefined,
    namespace: existsSync(nsFile) ? readFileSync(nsFile, 'utf8').trim() : undefined,
  };
  return new Credentials(endpoint, tls, {}, new TokenFile(join(saDir, 'token'), bad));
}
