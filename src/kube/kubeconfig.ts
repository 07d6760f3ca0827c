/**
 * The cluster's credentials, read without @kubernetes/client-node.
 *
 * Why this exists: importing client-node loads its whole generated API (its config module imports the
 * generated index), about 85 MiB of resident memory, and the engine only needs the server's address,
 * the TLS material and an Authorization header. This module reads the kubeconfig with `yaml` and
 * handles: the current context or `--context`; the cluster's `server`, `certificate-authority(-data)`,
 * `insecure-skip-tls-verify`, `tls-server-name` and an http(s) `proxy-url`; the user's
 * `client-certificate(-data)`, `client-key(-data)`, `token`, `tokenFile` (re-read when it changes),
 * `username`/`password`, `as`/`as-groups` (impersonation) and exec credential plugins
 * (`client.authentication.k8s.io` ExecCredential, cached until its expiry); and the in-cluster service
 * account (its token file, its CA, KUBERNETES_SERVICE_HOST/PORT).
 *
 * What falls back to client-node: users with a legacy `auth-provider` (gcp, azure, oidc, ...). Only for
 * them is client-node imported, lazily, on the first request; its authenticators then supply the headers.
 * Not supported at all: socks proxies and a kubeconfig's `extensions`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../errors.ts';

export interface KubeConfigOptions {
  /** A kubeconfig file. @default $KUBECONFIG, then ~/.kube/config, then the pod's service account */
  readonly kubeconfig?: string;
  /** @default the kubeconfig's current context */
  readonly context?: string;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** The home directory (for ~/.kube/config). @default os.homedir() */
  readonly home?: string;
  /** The service account's directory in a pod. @default /var/run/secrets/kubernetes.io/serviceaccount */
  readonly serviceAccountDir?: string;
  /** Runs an exec credential plugin (tests replace it). @default runPlugin */
  readonly runPlugin?: PluginRunner;
  /** The clock for plugin credentials' expiry. @default Date.now */
  readonly now?: () => number;
}

/** TLS material for connections to the API server. The same object as long as the material is unchanged. */
export interface TlsMaterial {
  readonly ca?: string | Buffer;
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
  readonly rejectUnauthorized: boolean;
  readonly servername?: string;
}

export interface KubeAuth {
  /** Authorization and impersonation headers for one request. */
  readonly headers: Readonly<Record<string, string>>;
  readonly tls: TlsMaterial;
}

/** The credentials of one cluster and user. */
export interface KubeConfig {
  /** Where they came from: the kubeconfig's path, or "in-cluster". */
  readonly source: string;
  /** The context used (undefined in a pod). */
  readonly context: string | undefined;
  /** The API server's URL, without a trailing slash. */
  readonly server: string;
  /** An http(s) proxy to reach the server through. */
  readonly proxyUrl: string | undefined;
  /** The context's namespace, or the service account's. */
  readonly namespace: string | undefined;
  /** Headers and TLS material for the next request: exec plugins run here (cached until expiry). */
  auth(): Promise<KubeAuth>;
  /** Forgets cached plugin credentials (after a 401); true if there was something to refresh. */
  invalidate(): boolean;
}

/** Runs `command` with `args` and `env`; resolves to its stdout, rejects with an Error whose message says why. */
export type PluginRunner = (
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  interactive: boolean,
) => Promise<string>;

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
/** Plugin credentials are renewed this long before they expire. */
const EXPIRY_MARGIN_MS = 10_000;

/**
 * Loads the cluster's credentials. Unlike client-node's loadFromDefault, never falls back to
 * http://localhost:8080: with nothing configured it is a usage error that says what was looked for.
 * Files named in the kubeconfig are read now (errors name them); exec plugins run on the first request.
 */
export function loadKubeConfig(opts: KubeConfigOptions = {}): KubeConfig {
  const env = opts.env ?? process.env;
  const file = opts.kubeconfig ?? env.KUBECONFIG?.split(':').find((f) => f && existsSync(f));
  const home = join(opts.home ?? homedir(), '.kube', 'config');
  const saDir = opts.serviceAccountDir ?? SA_DIR;
  if (file) {
    if (!existsSync(file)) throw new UsageError(`kubeconfig ${file}: no such file`);
    return fromFile(file, opts, env);
  }
  if (env.KUBERNETES_SERVICE_HOST && existsSync(join(saDir, 'token'))) return inCluster(saDir, env);
  if (existsSync(home)) return fromFile(home, opts, env);
  throw new UsageError(
    'no cluster credentials: give --kubeconfig, set KUBECONFIG, or run in a pod with a service account',
  );
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads a kubeconfig: the chosen context's cluster and user. */
function fromFile(file: string, opts: KubeConfigOptions, env: NodeJS.ProcessEnv): KubeConfig {
  const bad = (reason: string) => new UsageError(`kubeconfig ${file}: ${reason}`);
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw bad((e as Error).message.split('\n')[0] ?? 'unreadable');
  }
  if (!isObj(doc)) throw bad('not a kubeconfig (expected a mapping)');
  const dir = dirname(resolve(file));
  const named = (list: string, name: string, field: string): Obj | undefined => {
    const items = doc[list] ?? [];
    if (!Array.isArray(items)) throw bad(`${list} is not a list`);
    const item = items.find((i): i is Obj => isObj(i) && i.name === name);
    if (!item) return undefined;
    const inner = item[field] ?? {};
    if (!isObj(inner)) throw bad(`${list.slice(0, -1)} "${name}": ${field} is not a mapping`);
    return inner;
  };

  const contextName = opts.context ?? str(doc, 'current-context', bad);
  if (opts.context !== undefined && !named('contexts', opts.context, 'context')) {
    throw new UsageError(`kubeconfig has no context "${opts.context}"`);
  }
  if (!contextName) throw bad('no current-context (give --context)');
  const context = named('contexts', contextName, 'context');
  if (!context) throw bad(`current-context "${contextName}" is not among its contexts`);
  const clusterName = str(context, 'cluster', bad);
  const cluster = clusterName ? named('clusters', clusterName, 'cluster') : undefined;
  if (!cluster) throw new UsageError('kubeconfig has no current cluster');
  const where = (what: string) => (reason: string) => bad(`${what}: ${reason}`);
  const cl = where(`cluster "${clusterName}"`);
  const server = str(cluster, 'server', cl);
  if (!server) throw cl('no server');
  const userName = str(context, 'user', bad);
  const user = userName ? named('users', userName, 'user') : {};
  if (!user) throw bad(`user "${userName}" (of context "${contextName}") is not among its users`);
  const us = where(`user "${userName}"`);

  const insecure = bool(cluster, 'insecure-skip-tls-verify', cl);
  const servername = str(cluster, 'tls-server-name', cl);
  const base: Mutable<TlsMaterial> = { rejectUnauthorized: !insecure };
  if (servername) base.servername = servername;
  if (!insecure) {
    const ca = material(cluster, 'certificate-authority', dir, cl);
    if (ca) base.ca = ca;
  }
  const cert = material(user, 'client-certificate', dir, us);
  const key = material(user, 'client-key', dir, us);
  if (cert && !key) throw us('client-certificate without client-key');
  if (key && !cert) throw us('client-key without client-certificate');
  if (cert && key) {
    base.cert = cert;
    base.key = key;
  }
  const proxyUrl = str(cluster, 'proxy-url', cl);
  const common = {
    source: file,
    context: contextName,
    server: serverUrl(server, cl),
    proxyUrl: proxyUrl ? checkProxy(proxyUrl, cl) : undefined,
    namespace: str(context, 'namespace', bad),
  };

  if (user['auth-provider'] !== undefined) {
    return new ClientNodeCredentials(common, file);
  }

  const headers: Record<string, string> = {};
  const username = str(user, 'username', us);
  const password = str(user, 'password', us);
  if (username !== undefined || password !== undefined) {
    headers.Authorization = `Basic ${Buffer.from(`${username ?? ''}:${password ?? ''}`).toString('base64')}`;
  }
  const token = str(user, 'token', us);
  if (token) headers.Authorization = `Bearer ${token}`;
  const as = str(user, 'as', us);
  if (as) headers['Impersonate-User'] = as;
  const groups = user['as-groups'];
  if (groups !== undefined) {
    if (!Array.isArray(groups) || !groups.every((g) => typeof g === 'string')) {
      throw us('as-groups is not a list of strings');
    }
    // Several groups are one comma-separated header value here (undici joins repeated headers so).
    if (groups.length) headers['Impersonate-Group'] = groups.join(', ');
  }
  const tokenFile = str(user, 'tokenFile', us);
  const exec = user.exec;
  return new Credentials(common, base, headers, {
    tokenFile: tokenFile ? new TokenFile(abs(dir, tokenFile), us) : undefined,
    plugin:
      exec === undefined
        ? undefined
        : new ExecPlugin(
            parsePlugin(exec, dir, us),
            env,
            { server: common.server, servername, insecure, ca: base.ca },
            opts.runPlugin ?? runPlugin,
            opts.now ?? Date.now,
            (reason) => us(`exec plugin: ${reason}`),
          ),
  });
}

/** The pod's service account: its token (re-read as it rotates), its CA and the API server's service. */
function inCluster(saDir: string, env: NodeJS.ProcessEnv): KubeConfig {
  const bad = (reason: string) => new UsageError(`in-cluster credentials: ${reason}`);
  const host = env.KUBERNETES_SERVICE_HOST ?? '';
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!port) throw bad('KUBERNETES_SERVICE_PORT is not set');
  const tls: Mutable<TlsMaterial> = { rejectUnauthorized: true };
  const caFile = join(saDir, 'ca.crt');
  if (existsSync(caFile)) tls.ca = readFileSync(caFile);
  const nsFile = join(saDir, 'namespace');
  const common = {
    source: 'in-cluster',
    context: undefined,
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    proxyUrl: undefined,
    namespace: existsSync(nsFile) ? readFileSync(nsFile, 'utf8').trim() : undefined,
  };
  return new Credentials(common, tls, {}, { tokenFile: new TokenFile(join(saDir, 'token'), bad) });
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Bad = (reason: string) => Error;
type Common = Pick<KubeConfig, 'source' | 'context' | 'server' | 'proxyUrl' | 'namespace'>;

function str(o: Obj, key: string, bad: Bad): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw bad(`${key} is not a string`);
  return v;
}

function bool(o: Obj, key: string, bad: Bad): boolean {
  const v = o[key];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw bad(`${key} is not true or false`);
  return v;
}

function abs(dir: string, file: string): string {
  return isAbsolute(file) ? file : join(dir, file);
}

/** `<key>` (a file, relative to the kubeconfig's directory) or `<key>-data` (base64); data wins. */
function material(o: Obj, key: string, dir: string, bad: Bad): Buffer | undefined {
  const data = str(o, `${key}-data`, bad);
  if (data) return Buffer.from(data, 'base64');
  const file = str(o, key, bad);
  if (!file) return undefined;
  const path = abs(dir, file);
  try {
    return readFileSync(path);
  } catch (e) {
    throw bad(
      `${key} ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    );
  }
}

function serverUrl(server: string, bad: Bad): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw bad(`server "${server}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw bad(`server "${server}" is not http(s)`);
  return server.replace(/\/+$/, '');
}

function checkProxy(proxy: string, bad: Bad): string {
  let url: URL;
  try {
    url = new URL(proxy);
  } catch {
    throw bad(`proxy-url "${proxy}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw bad(`proxy-url "${proxy}": only http and https proxies are supported`);
  }
  return proxy;
}

/** A token file, read again when it changes (service-account tokens rotate); the last good read wins. */
class TokenFile {
  readonly #path: string;
  readonly #bad: Bad;
  #stamp = '';
  #token = '';

  constructor(path: string, bad: Bad) {
    this.#path = path;
    this.#bad = bad;
    this.read();
  }

  read(): string {
    try {
      const st = statSync(this.#path);
      const stamp = `${st.ino}:${st.mtimeMs}:${st.size}`;
      if (stamp !== this.#stamp) {
        const token = readFileSync(this.#path, 'utf8').trim();
        if (!token && !this.#token) throw new Error('empty');
        if (token) this.#token = token;
        this.#stamp = stamp;
      }
    } catch (e) {
      if (!this.#token) {
        const code = (e as NodeJS.ErrnoException).code;
        throw this.#bad(
          `tokenFile ${this.#path}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
        );
      }
    }
    return this.#token;
  }
}

interface PluginSpec {
  readonly apiVersion: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly installHint: string | undefined;
  readonly provideClusterInfo: boolean;
  readonly interactiveMode: string;
}

function parsePlugin(exec: unknown, dir: string, bad: Bad): PluginSpec {
  const b: Bad = (reason) => bad(`exec: ${reason}`);
  if (!isObj(exec)) throw b('not a mapping');
  const apiVersion = str(exec, 'apiVersion', b);
  if (!apiVersion) throw b('no apiVersion');
  const command = str(exec, 'command', b);
  if (!command) throw b('no command');
  const args = exec.args ?? [];
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string'))
    throw b('args is not a list of strings');
  const env: Record<string, string> = {};
  const list = exec.env ?? [];
  if (!Array.isArray(list)) throw b('env is not a list');
  for (const e of list) {
    if (!isObj(e) || typeof e.name !== 'string' || typeof e.value !== 'string') {
      throw b('env entries need a name and a value');
    }
    env[e.name] = e.value;
  }
  return {
    apiVersion,
    // A relative path with a separator is relative to the kubeconfig; a bare name is looked up in PATH.
    command: command.includes('/') ? abs(dir, command) : command,
    args,
    env,
    installHint: str(exec, 'installHint', b),
    provideClusterInfo: bool(exec, 'provideClusterInfo', b),
    interactiveMode: str(exec, 'interactiveMode', b) ?? 'IfAvailable',
  };
}

interface PluginCredential {
  readonly token: string | undefined;
  readonly tls: TlsMaterial | undefined;
  /** Epoch ms; undefined: valid for the life of the process. */
  readonly expires: number | undefined;
}

/**
 * The default PluginRunner: spawns the command with a minute to answer. Interactive (a terminal, and the
 * plugin allows it), the plugin shares the user's stdin and stderr; otherwise its stderr explains failures.
 */
export function runPlugin(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  interactive: boolean,
): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(command, [...args], {
      env,
      stdio: interactive ? ['inherit', 'pipe', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      if (out.length < 1 << 20) out += d;
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      if (err.length < 1 << 16) err += d;
    });
    const timer = setTimeout(() => {
      child.kill();
      fail(new Error('no answer within 60s'));
    }, 60_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return done(out);
      const detail = err.trim().split('\n').pop() ?? '';
      fail(new Error(`exited with ${code ?? signal}${detail ? `: ${detail}` : ''}`));
    });
  });
}

/** An exec credential plugin: runs once per credential, again when it nears its expiry or after a 401. */
class ExecPlugin {
  readonly #spec: PluginSpec;
  readonly #env: NodeJS.ProcessEnv;
  readonly #cluster: { server: string; servername?: string; insecure: boolean; ca?: Buffer | string };
  readonly #run: PluginRunner;
  readonly #now: () => number;
  readonly #bad: Bad;
  #cached: PluginCredential | undefined;
  #pending: Promise<PluginCredential> | undefined;

  constructor(
    spec: PluginSpec,
    env: NodeJS.ProcessEnv,
    cluster: {
      server: string;
      servername?: string | undefined;
      insecure: boolean;
      ca?: Buffer | string | undefined;
    },
    run: PluginRunner,
    now: () => number,
    bad: Bad,
  ) {
    this.#spec = spec;
    this.#env = env;
    this.#cluster = {
      server: cluster.server,
      insecure: cluster.insecure,
      ...(cluster.servername ? { servername: cluster.servername } : {}),
      ...(cluster.ca ? { ca: cluster.ca } : {}),
    };
    this.#run = run;
    this.#now = now;
    this.#bad = bad;
  }

  get(): Promise<PluginCredential> {
    const c = this.#cached;
    if (c && (c.expires === undefined || this.#now() < c.expires - EXPIRY_MARGIN_MS))
      return Promise.resolve(c);
    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  invalidate(): boolean {
    const had = this.#cached !== undefined;
    this.#cached = undefined;
    return had;
  }

  async #fetch(): Promise<PluginCredential> {
    const s = this.#spec;
    const interactive = s.interactiveMode !== 'Never' && process.stdin.isTTY === true;
    if (s.interactiveMode === 'Always' && !interactive) {
      throw this.#bad(`${s.command} needs a terminal (interactiveMode: Always)`);
    }
    const spec: Record<string, unknown> = { interactive };
    if (s.provideClusterInfo) {
      const c = this.#cluster;
      spec.cluster = {
        server: c.server,
        ...(c.servername ? { 'tls-server-name': c.servername } : {}),
        ...(c.insecure ? { 'insecure-skip-tls-verify': true } : {}),
        ...(c.ca ? { 'certificate-authority-data': Buffer.from(c.ca).toString('base64') } : {}),
      };
    }
    const env = {
      ...this.#env,
      ...s.env,
      KUBERNETES_EXEC_INFO: JSON.stringify({ apiVersion: s.apiVersion, kind: 'ExecCredential', spec }),
    };
    let out: string;
    try {
      out = await this.#run(s.command, s.args, env, interactive);
    } catch (e) {
      const notFound = (e as NodeJS.ErrnoException).code === 'ENOENT';
      const hint = notFound && s.installHint ? ` (${s.installHint.trim().split('\n')[0]})` : '';
      throw this.#bad(`${s.command}: ${notFound ? 'not found' : (e as Error).message}${hint}`);
    }
    let cred: unknown;
    try {
      cred = JSON.parse(out);
    } catch {
      throw this.#bad(`${s.command}: its output is not JSON`);
    }
    if (!isObj(cred) || cred.kind !== 'ExecCredential') {
      throw this.#bad(`${s.command}: its output is not an ExecCredential`);
    }
    if (cred.apiVersion !== s.apiVersion) {
      throw this.#bad(`${s.command}: answered ${String(cred.apiVersion)}, not ${s.apiVersion}`);
    }
    const status = cred.status;
    if (!isObj(status)) throw this.#bad(`${s.command}: its ExecCredential has no status`);
    const b: Bad = (reason) => this.#bad(`${s.command}: status.${reason}`);
    const token = str(status, 'token', b) || undefined;
    const cert = str(status, 'clientCertificateData', b);
    const key = str(status, 'clientKeyData', b);
    if (!token && !(cert && key)) {
      throw this.#bad(
        `${s.command}: its ExecCredential has neither a token nor a client certificate and key`,
      );
    }
    const ts = str(status, 'expirationTimestamp', b);
    const expires = ts === undefined ? undefined : Date.parse(ts);
    if (expires !== undefined && Number.isNaN(expires)) throw b(`expirationTimestamp "${ts}" is not a time`);
    const prev = this.#cached?.tls;
    const tls =
      cert && key
        ? prev && prev.cert === cert && prev.key === key
          ? prev
          : { ...this.#clusterTls(), cert, key }
        : undefined;
    this.#cached = { token, tls, expires };
    return this.#cached;
  }

  #clusterTls(): TlsMaterial {
    const c = this.#cluster;
    return {
      rejectUnauthorized: !c.insecure,
      ...(c.servername ? { servername: c.servername } : {}),
      ...(c.ca && !c.insecure ? { ca: c.ca } : {}),
    };
  }
}

/** Static material, a token file and a plugin, in that order of precedence (later ones win). */
class Credentials implements KubeConfig {
  readonly source: string;
  readonly context: string | undefined;
  readonly server: string;
  readonly proxyUrl: string | undefined;
  readonly namespace: string | undefined;
  readonly #tls: TlsMaterial;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #tokenFile: TokenFile | undefined;
  readonly #plugin: ExecPlugin | undefined;
  readonly #static: KubeAuth | undefined;

  constructor(
    common: Common,
    tls: TlsMaterial,
    headers: Record<string, string>,
    dynamic: { tokenFile?: TokenFile | undefined; plugin?: ExecPlugin | undefined },
  ) {
    this.source = common.source;
    this.context = common.context;
    this.server = common.server;
    this.proxyUrl = common.proxyUrl;
    this.namespace = common.namespace;
    this.#tls = tls;
    this.#headers = headers;
    this.#tokenFile = dynamic.tokenFile;
    this.#plugin = dynamic.plugin;
    if (!this.#tokenFile && !this.#plugin) this.#static = { headers, tls };
  }

  async auth(): Promise<KubeAuth> {
    if (this.#static) return this.#static;
    const headers = { ...this.#headers };
    let tls = this.#tls;
    if (this.#tokenFile) headers.Authorization = `Bearer ${this.#tokenFile.read()}`;
    if (this.#plugin) {
      const c = await this.#plugin.get();
      if (c.token) headers.Authorization = `Bearer ${c.token}`;
      if (c.tls) tls = c.tls;
    }
    return { headers, tls };
  }

  invalidate(): boolean {
    return this.#plugin?.invalidate() ?? false;
  }
}

/** A user with a legacy auth-provider: client-node's authenticators supply the headers (imported lazily). */
class ClientNodeCredentials implements KubeConfig {
  readonly source: string;
  readonly context: string | undefined;
  readonly server: string;
  readonly proxyUrl: string | undefined;
  readonly namespace: string | undefined;
  readonly #file: string;
  #kc: Promise<import('@kubernetes/client-node').KubeConfig> | undefined;
  #tls: TlsMaterial | undefined;

  constructor(common: Common, file: string) {
    this.source = common.source;
    this.context = common.context;
    this.server = common.server;
    this.proxyUrl = common.proxyUrl;
    this.namespace = common.namespace;
    this.#file = file;
  }

  async auth(): Promise<KubeAuth> {
    this.#kc ??= import('@kubernetes/client-node').then((k8s) => {
      const kc = new k8s.KubeConfig();
      kc.loadFromFile(this.#file);
      if (this.context) kc.setCurrentContext(this.context);
      return kc;
    });
    const kc = await this.#kc;
    const o: {
      headers?: Record<string, string>;
      ca?: Buffer;
      cert?: Buffer;
      key?: Buffer;
      rejectUnauthorized?: boolean;
      servername?: string;
      auth?: string;
    } = {};
    try {
      await kc.applyToHTTPSOptions(o as Parameters<typeof kc.applyToHTTPSOptions>[0]);
    } catch (e) {
      throw new UsageError(`kubeconfig ${this.#file}: auth-provider: ${(e as Error).message.split('\n')[0]}`);
    }
    const headers: Record<string, string> = { ...o.headers };
    if (o.auth && !headers.Authorization)
      headers.Authorization = `Basic ${Buffer.from(o.auth).toString('base64')}`;
    this.#tls ??= {
      rejectUnauthorized: o.rejectUnauthorized ?? true,
      ...(o.ca ? { ca: o.ca } : {}),
      ...(o.cert ? { cert: o.cert } : {}),
      ...(o.key ? { key: o.key } : {}),
      ...(o.servername ? { servername: o.servername } : {}),
    };
    return { headers, tls: this.#tls };
  }

  invalidate(): boolean {
    return false;
  }
}
