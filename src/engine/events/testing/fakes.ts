/** For the Events tests: an API server that takes Event creates (or refuses them), and a log to read. */
import { type Logger, pino } from 'pino';
import type { CoreEvent } from '../../../kube/event.ts';
import type { KubeHttp, RequestOptions } from '../../../kube/http.ts';

export interface FakeEventsApi {
  readonly http: Pick<KubeHttp, 'request'>;
  /** The Events the server took, in order. */
  readonly created: CoreEvent[];
  /** Every create asked for: its path. */
  readonly paths: string[];
  /** The most requests in flight at once. */
  readonly maxInFlight: () => number;
  /** The signals of the requests, to see one aborted. */
  readonly signals: (AbortSignal | undefined)[];
}

/**
 * `answer` decides each create (by its Event): undefined takes it, an Error is thrown, a Promise is
 * awaited first (a slow or hung server).
 */
export function fakeEventsApi(answer: (e: CoreEvent) => unknown = () => undefined): FakeEventsApi {
  const created: CoreEvent[] = [];
  const paths: string[] = [];
  const signals: (AbortSignal | undefined)[] = [];
  let inFlight = 0;
  let max = 0;
  const http = {
    async request(verb: string, path: string, opts: RequestOptions = {}) {
      if (verb !== 'create') throw new Error(`unexpected ${verb} ${path}`);
      paths.push(path);
      signals.push(opts.signal);
      inFlight++;
      max = Math.max(max, inFlight);
      try {
        const e = opts.body as CoreEvent;
        let a = answer(e);
        if (a instanceof Promise) a = await a;
        if (a instanceof Error) throw a;
        created.push(e);
        return e;
      } finally {
        inFlight--;
      }
    },
  } as Pick<KubeHttp, 'request'>;
  return { http, created, paths, signals, maxInFlight: () => max };
}

/** A logger whose lines (parsed) are kept. */
export function captureLog(): { log: Logger; lines: { level: number; msg: string }[] } {
  const lines: { level: number; msg: string }[] = [];
  const log = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { log, lines };
}

/** Lets pending promise callbacks and timers of 0 ms run. */
export const settle = () => new Promise((r) => setTimeout(r, 5));
