/**
 * Users whose credentials come from a program: exec credential plugins and legacy auth-providers (gcp,
 * azure, oidc, ...). For them only, @kubernetes/client-node is imported, lazily on the first request:
 * its authenticators run the plugin, cache its credential until it expires, and give the Authorization
 * header or a client certificate. The engine keeps the cluster's TLS material and the user's static
 * headers (impersonation); what the plugin gives wins over a static token or certificate.
 */

import type { RequestOptions } from 'node:https';
import type * as ClientNode from '@kubernetes/client-node';
import { AtEndpoint } from './endpoint.ts';
import { abs, type Bad, bool, errCode, firstLine, isObj, type Obj, str, strings } from './fields.ts';
import type { Endpoint, KubeAuth, TlsMaterial } from './types.ts';

export type ImportClientNode = () => Promise<Pick<typeof ClientNode, 'KubeConfig'>>;

const importClientNode: ImportClientNode = () => import('@kubernetes/client-node');

/** What client-node is given: the user's exec or auth-provider only. */
export interface Delegated {
  readonly kind: 'exec' | 'auth-provider';
  /** The user's name (client-node caches plugin credentials by it). */
  readonly name: string;
  readonly spec: Obj;
  /** The command, for error messages (exec only). */
  readonly command?: string;
  readonly installHint?: string | undefined;
}

/** The cluster as an exec plugin may be told about it (provideClusterInfo). */
export interface ClusterInfo {
  readonly server: string;
  readonly tls: TlsMaterial;
}

/**
 * The user's exec plugin or auth-provider, checked and ready for client-node; undefined if it has
 * neither. A relative command with a slash is relative to the kubeconfig's directory `dir`; the plugin
 * is told (KUBERNETES_EXEC_INFO) that it is not interactive, and about the cluster if it asks.
 */
export function delegated(
  name: string,
  user: Obj,
  dir: string,
  cluster: ClusterInfo,
  bad: Bad,
): Delegated | undefined {
  const provider = user['auth-provider'];
  if (provider !== undefined && provider !== null) {
    if (!isObj(provider)) throw bad('auth-provider is not a mapping');
    return { kind: 'auth-provider', name, spec: provider };
  }
  const exec = user.exec;
  if (exec === undefined || exec === null) return undefined;
  const b: Bad = (reason) => bad(`exec: ${reason}`);
  if (!isObj(exec)) throw b('not a mapping');
  const apiVersion = str(exec, 'apiVersion', b);
  if (!apiVersion) throw b('no apiVersion');
  const given = str(exec, 'command', b);
  if (!given) throw b('no command');
  // A bare name is looked up in PATH.
  const command = given.includes('/') ? abs(dir, given) : given;
  const list = exec.env ?? [];
  if (!Array.isArray(list)) throw b('env is not a list');
  const env: { name: string; value: string }[] = [];
  for (const e of list) {
    if (!isObj(e) || typeof e.name !== 'string' || typeof e.value !== 'string') {
      throw b('env entries need a name and a value');
    }
    env.push({ name: e.name, value: e.value });
  }
  if (str(exec, 'interactiveMode', b) === 'Always') {
    throw b(`${command} needs a terminal (interactiveMode: Always); sts-chaos runs plugins without one`);
  }
  const spec: Obj = { interactive: false };
  if (bool(exec, 'provideClusterInfo', b)) spec.cluster = clusterInfo(cluster);
  env.push({
    name: 'KUBERNETES_EXEC_INFO',
    value: JSON.stringify({ apiVersion, kind: 'ExecCredential', spec }),
  });
  return {
    kind: 'exec',
    name,
    command,
    installHint: str(exec, 'installHint', b)?.trim().split('\n')[0],
    spec: { apiVersion, command, args: strings(exec, 'args', b) ?? [], env },
  };
}

function clusterInfo({ server, tls }: ClusterInfo): Obj {
  return {
    server,
    ...(tls.servername ? { 'tls-server-name': tls.servername } : {}),
    ...(tls.rejectUnauthorized ? {} : { 'insecure-skip-tls-verify': true }),
    ...(tls.ca ? { 'certificate-authority-data': Buffer.from(tls.ca).toString('base64') } : {}),
  };
}

/** Why a plugin failed, in one line. client-node rejects with the spawn error, stderr or a parse error. */
function pluginFailure(d: Delegated, e: unknown): string {
  if (d.kind === 'auth-provider') return firstLine(e) || 'failed';
  if (errCode(e) === 'ENOENT') return `${d.command}: not found${d.installHint ? ` (${d.installHint})` : ''}`;
  if (e instanceof SyntaxError) return `${d.command}: its output is not JSON`;
  if (e instanceof TypeError) return `${d.command}: its output is not an ExecCredential`;
  const msg = e instanceof Error ? e.message : String(e);
  const last = msg.trim().split('\n').filter(Boolean).at(-1);
  return `${d.command}: ${last ?? 'failed without a word on stderr'}`;
}

type Pem = string | Buffer;
const pem = (v: unknown): Pem | undefined => (typeof v === 'string' || Buffer.isBuffer(v) ? v : undefined);
const same = (a: Pem | undefined, b: Pem | undefined) =>
  a === b || (a !== undefined && b !== undefined && Buffer.from(a).equals(Buffer.from(b)));

export class ClientNodeCredentials extends AtEndpoint {
  readonly #tls: TlsMaterial;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #user: Delegated;
  readonly #bad: Bad;
  readonly #import: ImportClientNode;
  #kc: Promise<ClientNode.KubeConfig> | undefined;
  #pending: Promise<KubeAuth> | undefined;
  #last: TlsMaterial | undefined;

  /** `bad` makes the error for a failing plugin (it names the kubeconfig and the user). */
  constructor(
    endpoint: Endpoint,
    tls: TlsMaterial,
    headers: Readonly<Record<string, string>>,
    user: Delegated,
    bad: Bad,
    load: ImportClientNode = importClientNode,
  ) {
    super(endpoint);
    this.#tls = tls;
    this.#headers = headers;
    this.#user = user;
    this.#bad = bad;
    this.#import = load;
  }

  /** Concurrent calls share one run of the plugin. */
  auth(): Promise<KubeAuth> {
    this.#pending ??= this.#auth().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** After a 401: a new client-node config, so that the plugin runs again. */
  invalidate(): boolean {
    if (this.#user.kind !== 'exec' || !this.#kc) return false;
    this.#kc = undefined;
    return true;
  }

  async #auth(): Promise<KubeAuth> {
    const u = this.#user;
    const what = u.kind === 'exec' ? 'exec plugin' : 'auth-provider';
    this.#kc ??= this.#import().then((k8s) => {
      const kc = new k8s.KubeConfig();
      kc.loadFromClusterAndUser(
        { name: 'cluster', server: this.server, skipTLSVerify: !this.#tls.rejectUnauthorized },
        u.kind === 'exec' ? { name: u.name, exec: u.spec } : { name: u.name, authProvider: u.spec },
      );
      return kc;
    });
    const o: RequestOptions = {};
    try {
      await (await this.#kc).applyToHTTPSOptions(o);
    } catch (e) {
      throw this.#bad(`${what}: ${pluginFailure(u, e)}`);
    }
    const given: unknown = isObj(o.headers) ? o.headers.Authorization : undefined;
    const authorization = typeof given === 'string' ? given : undefined;
    const cert = pem(o.cert);
    const key = pem(o.key);
    if (u.kind === 'exec' && !authorization && !(cert && key)) {
      throw this.#bad(
        `${what}: ${u.command}: its ExecCredential has neither a token nor a client certificate and key`,
      );
    }
    const headers = authorization ? { ...this.#headers, Authorization: authorization } : this.#headers;
    return { headers, tls: cert && key ? this.#withCert(cert, key) : this.#tls };
  }

  /** The cluster's TLS material with the plugin's certificate: the same object while it is unchanged. */
  #withCert(cert: Pem, key: Pem): TlsMaterial {
    const last = this.#last;
    if (last && same(last.cert, cert) && same(last.key, key)) return last;
    this.#last = { ...this.#tls, cert, key };
    return this.#last;
  }
}
