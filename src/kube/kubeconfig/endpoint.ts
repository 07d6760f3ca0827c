import type { Endpoint, KubeAuth, KubeConfig } from './types.ts';

/** A KubeConfig's part that says where the server is, copied from its endpoint; the credentials are the subclass's. */
export abstract class AtEndpoint implements KubeConfig {
  readonly source: string;
  readonly context: string | undefined;
  readonly server: string;
  readonly proxyUrl: string | undefined;
  readonly namespace: string | undefined;

  constructor(endpoint: Endpoint) {
    this.source = endpoint.source;
    this.context = endpoint.context;
    this.server = endpoint.server;
    this.proxyUrl = endpoint.proxyUrl;
    this.namespace = endpoint.namespace;
  }

  abstract auth(): Promise<KubeAuth>;
  abstract invalidate(): boolean;
}
