import type { Logger } from 'pino';
import { ApiError, type KubeHttp } from './http.ts';
import { toStatus } from './status.ts';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface KubeObject {
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly uid?: string;
    readonly resourceVersion?: string;
  };
}

export interface WatchEvent<T extends KubeObject> {
  readonly type: WatchEventType;
  readonly object: T;
  /**
   * 'list': from the initial list (state at start); 'relist': a difference found by a relist after the
   * watch expired (410 Gone), so the transition happened between the last event and now.
   */
  readonly origin: 'watch' | 'list' | 'relist';
}

export interface ResumableWatchOptions<T extends KubeObject> {
  /** Collection path, e.g. /api/v1/namespaces/demo/pods */
  readonly path: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly onEvent: (event: WatchEvent<T>) => void;
  readonly log?: Logger;
  /** Server-side timeout of each watch request; the watch then resumes from the last resourceVersion. @default 300 */
  readonly timeoutSeconds?: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

/**
 * List, then watch from the list's resourceVersion, for as long as it runs: resumes after the server
 * ends a watch, reconnects with backoff after connection errors (an API-server restart), and relists
 * after 410 Gone, turning the difference into ADDED/MODIFIED/DELETED events so that no transition is
 * lost or repeated.
 */
export class ResumableWatch<T extends KubeObject> {
  readonly #http: KubeHttp;
  readonly #opts: ResumableWatchOptions<T>;
  readonly #known = new Map<string, T>();
  readonly #abort = new AbortController();
  #rv = '';
  #loop: Promise<void> | undefined;
  /** Times the watch was (re)opened, relisted, and failed to connect. */
  readonly stats = { watches: 0, relists: 0, reconnects: 0 };

  constructor(http: KubeHttp, opts: ResumableWatchOptions<T>) {
    this.#http = http;
    this.#opts = opts;
  }

  /** Lists (emitting ADDED for what exists), then watches in the background. */
  async start(): Promise<void> {
    await this.#list('list');
    this.#loop = this.#run();
  }

  /** The objects as last seen, by uid. */
  get objects(): ReadonlyMap<string, T> {
    return this.#known;
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
  }

  #query(): Record<string, string | undefined> {
    return { labelSelector: this.#opts.labelSelector, fieldSelector: this.#opts.fieldSelector };
  }

  async #list(origin: 'list' | 'relist'): Promise<void> {
    const list = await this.#http.request<{ metadata: { resourceVersion: string }; items: T[] }>(
      'list',
      this.#opts.path,
      {
        query: this.#query(),
        signal: this.#abort.signal,
      },
    );
    // What is gone is reported first: an object replaced under the same name while the watch was
    // expired (a pod recreated) was deleted before its successor was created, and a relist must never
    // read as two objects of one name at once (SB-1).
    const seen = new Set(list.items.map((item) => item.metadata?.uid ?? ''));
    for (const [uid, obj] of [...this.#known]) {
      if (!seen.has(uid)) {
        this.#known.delete(uid);
        this.#opts.onEvent({ type: 'DELETED', object: obj, origin });
      }
    }
    for (const item of list.items) {
      const uid = item.metadata?.uid ?? '';
      const before = this.#known.get(uid);
      this.#known.set(uid, item);
      if (!before) this.#opts.onEvent({ type: 'ADDED', object: item, origin });
      else if (before.metadata?.resourceVersion !== item.metadata?.resourceVersion)
        this.#opts.onEvent({ type: 'MODIFIED', object: item, origin });
    }
    this.#rv = list.metadata.resourceVersion;
  }

  async #run(): Promise<void> {
    const signal = this.#abort.signal;
    let backoff = 100;
    while (!signal.aborted) {
      let gone = false;
      try {
        this.stats.watches++;
        await this.#http.watchStream(
          this.#opts.path,
          {
            ...this.#query(),
            resourceVersion: this.#rv,
            allowWatchBookmarks: true,
            timeoutSeconds: this.#opts.timeoutSeconds ?? 300,
          },
          (line) => {
            const ev = JSON.parse(line) as { type: string; object: T };
            if (ev.type === 'BOOKMARK') {
              this.#rv = ev.object.metadata?.resourceVersion ?? this.#rv;
            } else if (ev.type === 'ERROR') {
              const status = toStatus(ev.object);
              if (status?.code === 410) gone = true;
              else this.#opts.log?.warn({ path: this.#opts.path, status }, 'watch error event');
            } else {
              const uid = ev.object.metadata?.uid ?? '';
              if (ev.type === 'DELETED') this.#known.delete(uid);
              else this.#known.set(uid, ev.object);
              this.#rv = ev.object.metadata?.resourceVersion ?? this.#rv;
              this.#opts.onEvent({ type: ev.type as WatchEventType, object: ev.object, origin: 'watch' });
            }
          },
          signal,
        );
        backoff = 100;
      } catch (e) {
        if (signal.aborted) return;
        if (e instanceof ApiError && e.status === 410) gone = true;
        else {
          this.stats.reconnects++;
          this.#opts.log?.debug(
            { path: this.#opts.path, err: (e as Error).message, backoffMs: backoff },
            'watch broke, reconnecting',
          );
          await sleep(backoff, signal);
          backoff = Math.min(backoff * 2, 5000);
        }
      }
      if (gone && !signal.aborted) {
        this.stats.relists++;
        this.#opts.log?.info({ path: this.#opts.path }, 'watch expired (410 Gone): relisting');
        try {
          await this.#list('relist');
        } catch (e) {
          if (signal.aborted) return;
          this.#opts.log?.warn(
            { path: this.#opts.path, err: (e as Error).message },
            'relist failed, retrying',
          );
          await sleep(backoff, signal);
          backoff = Math.min(backoff * 2, 5000);
        }
      }
    }
  }
}
