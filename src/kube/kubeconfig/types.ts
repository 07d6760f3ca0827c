/** What loading a kubeconfig gives the rest of the engine: a server, TLS material and headers. */

export interface KubeConfigOptions {
  /** One kubeconfig file. @default the files of $KUBECONFIG (merged), then the pod's service account, then ~/.kube/config */
  readonly kubeconfig?: string;
  /** @default the kubeconfig's current context */
  readonly context?: string;
  /** For KUBECONFIG and the in-cluster variables. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** The home directory (for ~/.kube/config). @default os.homedir() */
  readonly home?: string;
  /** The service account's directory in a pod. @default /var/run/secrets/kubernetes.io/serviceaccount */
  readonly serviceAccountDir?: string;
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
  /** Where they came from: the kubeconfig's path (several joined by ":"), or "in-cluster". */
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

/** The part of a KubeConfig that says where the server is. */
export type Endpoint = Pick<KubeConfig, 'source' | 'context' | 'server' | 'proxyUrl' | 'namespace'>;

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
