import pRetry, { AbortError } from 'p-retry';
import { fetch as undiciFetch } from 'undici';
import { dispatcherFor } from './agent.ts';
import type { KubeAuth, KubeConfig } from './kubeconfig.ts';

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';

/** An API error with the status code and the server's reason, and a message naming the object. */
export class ApiError extends Error {
  readonly status: number;
  readonly reason: string;

  constructor(status: number, reason: string, message: string) {
    super(message);
    this.status = status;
    this.reason = reason;
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  /** @default 'application/json' (use 'application/merge-patch+json' or 'application/strategic-merge-patch+json' for patches) */
  readonly contentType?: string;
  /** Abort the request. */
  readonly signal?: AbortSignal;
}

type FetchLike = (
  url: string,
  init: Record<string, unknown>,
) => Promise<{
  status: number;
  text(): Promise<string>;
  body: ReadableStream<Uint8Array> | null;
}>;

interface Prepared {
  readonly url: string;
  readonly init: Record<string, unknown>;
}

/**
 * The one way the engine talks to the API server (besides exec): JSON requests and watch streams,
 * with bounded retries on throttling, 5xx and connection errors, and a count of requests by verb.
 * The fetch implementation is passed in so that tests can replace it.
 */
export class KubeHttp {
  readonly counts: Record<Verb, number> = {
    get: 0,
    list: 0,
    watch: 0,
    create: 0,
    update: 0,
    patch: 0,
    delete: 0,
  };
  readonly #kc: KubeConfig;
  readonly #fetch: FetchLike;
  readonly #retries: number;

  constructor(kc: KubeConfig, opts: { fetch?: FetchLike; retries?: number } = {}) {
    this.#kc = kc;
    this.#fetch = opts.fetch ?? (undiciFetch as unknown as FetchLike);
    // About 30 s of retries in all: enough to ride out an API-server restart.
    this.#retries = opts.retries ?? 8;
  }

  get kubeConfig(): KubeConfig {
    return this.#kc;
  }

  async #prepare(method: string, path: string, opts: RequestOptions): Promise<Prepared> {
    const url = new URL(this.#kc.server + path);
    for (const [k, v] of Object.entries(opts.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v));
    const auth: KubeAuth = await this.#kc.auth();
    const headers: Record<string, string> = { ...auth.headers, Accept: 'application/json' };
    if (opts.body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
    return {
      url: url.toString(),
      init: {
        method,
        headers,
        dispatcher: dispatcherFor(this.#kc, auth.tls),
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: opts.signal,
      },
    };
  }

  /** A JSON request; 2xx returns the parsed body, anything else throws ApiError (after retries for 429/5xx). */
  async request<T = unknown>(verb: Verb, path: string, opts: RequestOptions = {}): Promise<T> {
    const method = {
      get: 'GET',
      list: 'GET',
      watch: 'GET',
      create: 'POST',
      update: 'PUT',
      patch: 'PATCH',
      delete: 'DELETE',
    }[verb];
    let refreshed = false;
    return pRetry(
      async () => {
        this.counts[verb]++;
        let prepared: Prepared;
        try {
          prepared = await this.#prepare(method, path, opts);
        } catch (e) {
          // Credentials that cannot be had (a failing exec plugin) are not worth retrying.
          throw new AbortError(e as Error);
        }
        const { url, init } = prepared;
        let res: Awaited<ReturnType<FetchLike>>;
        try {
          res = await this.#fetch(url, init);
        } catch (e) {
          if (opts.signal?.aborted) throw new AbortError(e as Error);
          const cause = (e as Error).cause;
          const why = cause instanceof Error ? `: ${cause.message}` : '';
          throw new ApiError(0, 'ConnectionFailed', `${verb} ${path}: ${(e as Error).message}${why}`);
        }
        const text = await res.text();
        if (res.status >= 200 && res.status < 300) return (text ? JSON.parse(text) : {}) as T;
        let reason = '';
        let message = text.slice(0, 300);
        try {
          const status = JSON.parse(text) as { reason?: string; message?: string };
          reason = status.reason ?? '';
          message = status.message ?? message;
        } catch {}
        const err = new ApiError(res.status, reason, `${verb} ${path}: ${res.status} ${reason}: ${message}`);
        if (res.status === 429 || res.status >= 500) throw err;
        // Expired plugin credentials: run the plugin again, once.
        if (res.status === 401 && !refreshed && this.#kc.invalidate()) {
          refreshed = true;
          throw err;
        }
        throw new AbortError(err);
      },
      {
        retries: this.#retries,
        minTimeout: 200,
        maxTimeout: 5000,
        signal: opts.signal,
      },
    );
  }

  /**
   * Opens a watch stream and calls onLine for each event line until the server ends it, the signal
   * aborts, or the connection breaks. Resolves when the stream is over; errors other than abort reject.
   */
  async watchStream(
    path: string,
    query: RequestOptions['query'],
    onLine: (line: string) => void,
    signal: AbortSignal,
  ): Promise<void> {
    this.counts.watch++;
    const { url, init } = await this.#prepare('GET', path, { query: { ...query, watch: true }, signal });
    const res = await this.#fetch(url, init);
    if (res.status !== 200) {
      // Expired plugin credentials: the next request or watch runs the plugin again.
      if (res.status === 401) this.#kc.invalidate();
      const text = await res.text();
      let reason = '';
      let message = text.slice(0, 300);
      try {
        const s = JSON.parse(text) as { reason?: string; message?: string };
        reason = s.reason ?? '';
        message = s.message ?? message;
      } catch {}
      throw new ApiError(res.status, reason, `watch ${path}: ${res.status} ${reason}: ${message}`);
    }
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buf = '';
    const reader = res.body.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true });
        let nl = buf.indexOf('\n');
        while (nl >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (line) onLine(line);
          nl = buf.indexOf('\n');
        }
      }
    } catch (e) {
      if (signal.aborted) return;
      throw e;
    } finally {
      reader.releaseLock();
    }
  }
}

export function isNotFound(e: unknown): boolean {
  return e instanceof ApiError && e.status === 404;
}
