/**
 * The cluster's credentials. The engine reads kubeconfigs itself (with `yaml`) rather than importing
 * @kubernetes/client-node for every run (README, "Dependencies and why", says what that saves).
 *
 * In the engine: $KUBECONFIG's files merged as kubectl merges them (src/kube/kubeconfig/files.ts); the
 * current context or `--context`; the cluster's `server`, `certificate-authority(-data)`,
 * `insecure-skip-tls-verify`, `tls-server-name` and an http(s) `proxy-url`; the user's static credentials
 * (kubeconfig/credentials.ts: client certificates, `token`, `tokenFile` re-read as it rotates,
 * `username`/`password`, `as`/`as-groups`); the pod's service account (kubeconfig/in-cluster.ts).
 * Through client-node, imported lazily and only for such users (kubeconfig/client-node.ts): exec
 * credential plugins and legacy `auth-provider`s. Not supported: socks proxies, a kubeconfig's `extensions`.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import { ClientNodeCredentials, delegated } from './kubeconfig/client-node.ts';
import { Credentials, staticHeaders, TokenFile } from './kubeconfig/credentials.ts';
import { abs, bool, isObj, material, type Obj, proxyUrl, serverUrl, str } from './kubeconfig/fields.ts';
import { type Entry, type MergedKubeconfig, readKubeconfigs } from './kubeconfig/files.ts';
import { inCluster, inPod, SERVICE_ACCOUNT_DIR } from './kubeconfig/in-cluster.ts';
import type { KubeConfig, KubeConfigOptions, Mutable, TlsMaterial } from './kubeconfig/types.ts';

export type { KubeAuth, KubeConfig, KubeConfigOptions, TlsMaterial } from './kubeconfig/types.ts';

/**
 * Loads the cluster's credentials: `kubeconfig` (one file), else the files of $KUBECONFIG merged (missing
 * ones skipped; none existing is an error, unless in a pod), else the pod's service account, else
 * ~/.kube/config. Unlike client-node's loadFromDefault, never falls back to http://localhost:8080.
 * Files named in the kubeconfig are read now (errors name them); exec plugins run on the first request.
 */
export function loadKubeConfig(opts: KubeConfigOptions = {}): KubeConfig {
  const env = opts.env ?? process.env;
  const saDir = opts.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  if (opts.kubeconfig !== undefined) {
    if (!existsSync(opts.kubeconfig)) throw new UsageError(`kubeconfig ${opts.kubeconfig}: no such file`);
    return fromFiles([opts.kubeconfig], opts);
  }
  const list = (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  const files = list.filter((f) => existsSync(f));
  if (files.length) return fromFiles(files, opts);
  if (inPod(env, saDir)) return inCluster(saDir, env);
  if (list.length) throw new UsageError(`KUBECONFIG ${env.KUBECONFIG}: none of its files exists`);
  const home = join(opts.home ?? homedir(), '.kube', 'config');
  if (existsSync(home)) return fromFiles([home], opts);
  throw new UsageError(
    'no cluster credentials: give --kubeconfig, set KUBECONFIG, or run in a pod with a service account',
  );
}

/** The mapping of a named entry; errors name the file that defined it. */
function mapping(entry: Entry, what: string): Obj {
  if (!isObj(entry.value)) throw new UsageError(`kubeconfig ${entry.file}: ${what} is not a mapping`);
  return entry.value;
}

/** The chosen context's cluster and user, from one or several merged files. */
function fromFiles(files: readonly string[], opts: KubeConfigOptions): KubeConfig {
  const doc: MergedKubeconfig = readKubeconfigs(files);
  const source = doc.files.join(delimiter);
  const bad = (reason: string) => new UsageError(`kubeconfig ${source}: ${reason}`);
  if (opts.context !== undefined && !doc.contexts.has(opts.context)) {
    throw bad(`no context "${opts.context}"`);
  }
  const contextName = opts.context ?? doc.currentContext?.name;
  if (!contextName) throw bad('no current-context (give --context)');
  const contextEntry = doc.contexts.get(contextName);
  if (!contextEntry) throw bad(`current-context "${contextName}" is not among its contexts`);
  const context = mapping(contextEntry, `context "${contextName}": context`);
  const cx = (reason: string) => new UsageError(`kubeconfig ${contextEntry.file}: ${reason}`);
  const clusterName = str(context, 'cluster', cx);
  if (!clusterName) throw cx(`context "${contextName}" names no cluster`);
  const clusterEntry = doc.clusters.get(clusterName);
  if (!clusterEntry)
    throw bad(`cluster "${clusterName}" (of context "${contextName}") is not among its clusters`);
  const cluster = mapping(clusterEntry, `cluster "${clusterName}": cluster`);
  const cl = (reason: string) =>
    new UsageError(`kubeconfig ${clusterEntry.file}: cluster "${clusterName}": ${reason}`);
  const server = str(cluster, 'server', cl);
  if (!server) throw cl('no server');
  const userName = str(context, 'user', cx);
  const userEntry = userName ? doc.users.get(userName) : undefined;
  if (userName && !userEntry)
    throw bad(`user "${userName}" (of context "${contextName}") is not among its users`);
  const user = userEntry ? mapping(userEntry, `user "${userName}": user`) : {};
  const userFile = userEntry?.file ?? contextEntry.file;
  const us = (reason: string) => new UsageError(`kubeconfig ${userFile}: user "${userName}": ${reason}`);

  const insecure = bool(cluster, 'insecure-skip-tls-verify', cl);
  const servername = str(cluster, 'tls-server-name', cl);
  const tls: Mutable<TlsMaterial> = { rejectUnauthorized: !insecure };
  if (servername) tls.servername = servername;
  const clusterDir = dirname(resolve(clusterEntry.file));
  if (!insecure) {
    const ca = material(cluster, 'certificate-authority', clusterDir, cl);
    if (ca) tls.ca = ca;
  }
  const userDir = dirname(resolve(userFile));
  const cert = material(user, 'client-certificate', userDir, us);
  const key = material(user, 'client-key', userDir, us);
  if (cert && !key) throw us('client-certificate without client-key');
  if (key && !cert) throw us('client-key without client-certificate');
  if (cert && key) {
    tls.cert = cert;
    tls.key = key;
  }
  const proxy = str(cluster, 'proxy-url', cl);
  const endpoint = {
    source,
    context: contextName,
    server: serverUrl(server, cl),
    proxyUrl: proxy ? proxyUrl(proxy, cl) : undefined,
    namespace: str(context, 'namespace', cx),
  };
  const headers = staticHeaders(user, us);
  const plugin = delegated(userName ?? '', user, userDir, { server: endpoint.server, tls }, us);
  if (plugin) return new ClientNodeCredentials(endpoint, tls, headers, plugin, us);
  const tokenFile = str(user, 'tokenFile', us);
  return new Credentials(
    endpoint,
    tls,
    headers,
    tokenFile ? new TokenFile(abs(userDir, tokenFile), us) : undefined,
  );
}
