import pRetry, { AbortError } from 'p-retry';
import { fetch as undiciFetch } from 'undici';
import { dispatcherFor } from './agent.ts';
import type { KubeAuth, KubeConfig } from './kubeconfig.ts';
import { failureOf } from './status.ts';

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';

/** An API error with the status code and the server's reason, and a message naming the object. */
export class ApiError extends Error {
  readonly status: number;
  readonly reason: string;
  /** How long the server asked to wait before trying again (a 429's Retry-After), in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(status: number, reason: string, message: string, retryAfterMs?: number) {
    super(message);
    this.status = status;
    this.reason = reason;
    this.retryAfterMs = retryAfterMs;
    this.name = 'ApiError';
  }
}

/**
 * A Retry-After header in milliseconds from `now`: delay-seconds or an HTTP date (a past date is 0).
 * Undefined when absent or unreadable.
 */
export function retryAfterMs(value: string | null | undefined, now: number): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // Every HTTP date form starts with the day's name (Date.parse alone would take "-1" for a year).
  if (!/^[A-Za-z]{3}/.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Waits `ms`, or less if `signal` aborts (the retry then ends with the abort). */
export type Sleep = (ms: number, signal: AbortSignal | undefined) => Promise<void>;

const sleep: Sleep = (ms, signal) =>
  new Promise((done) => {
    const t = setTimeout(finish, ms);
    signal?.addEventListener('abort', finish, { once: true });
    function finish() {
      clearTimeout(t);
      signal?.removeEventListener('abort', finish);
      done();
    }
  });

export interface RequestOptions {
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  /** @default 'application/json' (use 'application/merge-patch+json' or 'application/strategic-merge-patch+json' for patches) */
  readonly contentType?: string;
  /** Abort the request. */
  readonly signal?: AbortSignal;
  /** Return the body as text, not parsed (a pod's log). @default false */
  readonly text?: boolean;
}

type FetchLike = (
  url: string,
  init: Record<string, unknown>,
) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  body: ReadableStream<Uint8Array> | null;
}>;

interface Prepared {
  readonly url: string;
  readonly init: Record<string, unknown>;
}

export interface KubeHttpOptions {
  /** @default undici's fetch */
  readonly fetch?: FetchLike;
  /** Retries after the first attempt. @default 8 */
  readonly retries?: number;
  /** How long retrying may take in all, Retry-After waits included. @default 30 s */
  readonly retryDeadlineMs?: number;
  /** How Retry-After waits are made (tests replace it). */
  readonly sleep?: Sleep;
}

/**
 * The one way the engine talks to the API server (besides exec): JSON requests and watch streams,
 * with bounded retries on throttling (waiting as long as a 429's Retry-After asks, within the retry
 * deadline), 5xx and connection errors, and a count of requests by verb. The fetch implementation is
 * passed in so that tests can replace it.
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
  readonly #deadlineMs: number;
  readonly #sleep: Sleep;

  constructor(kc: KubeConfig, opts: KubeHttpOptions = {}) {
    this.#kc = kc;
    this.#fetch = opts.fetch ?? (undiciFetch as unknown as FetchLike);
    // About 21 s of backoff in all, within a 30 s deadline: enough to ride out an API-server restart.
    this.#retries = opts.retries ?? 8;
    this.#deadlineMs = opts.retryDeadlineMs ?? 30_000;
    this.#sleep = opts.sleep ?? sleep;
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
    const started = performance.now();
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
        if (res.status >= 200 && res.status < 300)
          return (opts.text ? text : text ? JSON.parse(text) : {}) as T;
        const { reason, message } = failureOf(text);
        const wait =
          res.status === 429 ? retryAfterMs(res.headers.get('retry-after'), Date.now()) : undefined;
        const err = new ApiError(
          res.status,
          reason,
          `${verb} ${path}: ${res.status} ${reason}: ${message}`,
          wait,
        );
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
        maxRetryTime: this.#deadlineMs,
        signal: opts.signal,
        // A 429's Retry-After: wait that long in all (the backoff delay included); when it would end
        // after the deadline, give up now with the 429.
        onFailedAttempt: async ({ error, retriesLeft, retryDelay }) => {
          const asked = error instanceof ApiError ? error.retryAfterMs : undefined;
          if (asked === undefined || retriesLeft === 0) return;
          if (performance.now() - started + asked > this.#deadlineMs) throw error;
          if (asked > retryDelay) await this.#sleep(asked - retryDelay, opts.signal);
        },
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
      const { reason, message } = failureOf(await res.text());
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
