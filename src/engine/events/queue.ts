/**
 * Sends the run's Events to the API server, one at a time in the order they were pushed, without ever
 * making a step wait: `push` returns at once, a bounded queue holds what is not sent yet, and `flush`
 * (the run's end) waits for the rest within a deadline. Best effort: a 403 (no `events create` in the
 * namespace) is said once and ends the sending; any other error is logged, never thrown.
 */
import type { Logger } from 'pino';
import type { CoreEvent } from '../../kube/event.ts';
import { ApiError, type KubeHttp } from '../../kube/http.ts';
import type { Duration } from '../../util/duration.ts';

export interface EventQueueOptions {
  readonly http: Pick<KubeHttp, 'request'>;
  readonly log: Logger;
  /** The namespace the Events go to (the target's). */
  readonly namespace: string;
  /** How many Events may wait; beyond it the oldest waiting one is dropped. @default 64 */
  readonly limit?: number;
  /**
   * Preflight found that Events cannot be created here and said so: nothing is sent, nothing logged
   * again. @default false
   */
  readonly forbidden?: boolean;
}

/** What the run's log says when Events cannot be created (preflight's line is the same). */
export function forbiddenLine(namespace: string): string {
  return `events: cannot create Events in ${namespace} (RBAC): the fault windows will not be on the cluster's Events`;
}

export class EventQueue {
  readonly #opts: EventQueueOptions;
  readonly #limit: number;
  readonly #waiting: CoreEvent[] = [];
  /** Ends the request in flight when the flush deadline passes. */
  readonly #stop = new AbortController();
  #forbidden: boolean;
  #closed = false;
  #running = false;
  #sending: Promise<void> = Promise.resolve();
  #dropped = 0;
  /** Events the API server accepted. */
  sent = 0;

  constructor(opts: EventQueueOptions) {
    this.#opts = opts;
    this.#limit = opts.limit ?? 64;
    this.#forbidden = opts.forbidden ?? false;
  }

  /** Queues an Event and returns at once. */
  push(event: CoreEvent): void {
    if (this.#forbidden || this.#closed) return;
    if (this.#waiting.length >= this.#limit) {
      this.#waiting.shift();
      this.#dropped++;
    }
    this.#waiting.push(event);
    if (!this.#running) {
      this.#running = true;
      this.#sending = this.#drain();
    }
  }

  /**
   * Waits until every queued Event is sent, at most `within`; what is left then is given up (the request
   * in flight aborted) and counted in the log. Nothing is queued after it.
   */
  async flush(within: Duration): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), within.toMilliseconds());
    });
    const timedOut = await Promise.race([this.#sending.then(() => false), late]);
    clearTimeout(timer);
    this.#closed = true;
    const { log, namespace } = this.#opts;
    if (timedOut) {
      const left = this.#waiting.length + 1;
      this.#waiting.length = 0;
      this.#stop.abort();
      log.warn(
        { events: left },
        `events: ${left} Event(s) not sent to ${namespace} within ${within} at the run's end`,
      );
    }
    if (this.#dropped)
      log.warn(
        { events: this.#dropped },
        `events: ${this.#dropped} Event(s) dropped: more than ${this.#limit} waited to be sent to ${namespace}`,
      );
  }

  async #drain(): Promise<void> {
    try {
      for (let e = this.#waiting.shift(); e; e = this.#waiting.shift()) await this.#send(e);
    } finally {
      // In the same turn as the last look at the queue: a push after it starts a new drain.
      this.#running = false;
    }
  }

  async #send(e: CoreEvent): Promise<void> {
    if (this.#forbidden) return;
    const { http, log, namespace } = this.#opts;
    try {
      await http.request('create', `/api/v1/namespaces/${namespace}/events`, {
        body: e,
        signal: this.#stop.signal,
      });
      this.sent++;
    } catch (err) {
      if (err instanceof ApiError && err.status === 403) {
        this.#forbidden = true;
        this.#waiting.length = 0;
        log.warn({ events: 'forbidden' }, forbiddenLine(namespace));
        return;
      }
      // Already there: a retried create that had reached the server.
      if (err instanceof ApiError && err.status === 409) return void this.sent++;
      if (this.#stop.signal.aborted) return;
      const about = `${e.involvedObject.kind.toLowerCase()} ${namespace}/${e.involvedObject.name}`;
      log.warn(
        { event: e.metadata.name, reason: e.reason },
        `events: could not create Event ${e.reason} on ${about}: ${(err as Error).message}`,
      );
    }
  }
}
