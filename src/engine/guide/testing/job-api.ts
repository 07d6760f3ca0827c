/** A fake API server for one Job: `get` answers its state, a watch is fed by the test. */
import { ApiError, type KubeHttp } from '../../../kube/http.ts';
import type { JobView } from '../job-watch.ts';

interface Stream {
  readonly query: Record<string, unknown>;
  readonly onLine: (line: string) => void;
  readonly end: (e?: Error) => void;
}

export function fakeJobApi(job = 'run-1', namespace = 'demo') {
  let rv = 10;
  let annotations: Record<string, string> = {};
  let getError: ApiError | undefined;
  let watchError: ApiError | undefined;
  const gets: string[] = [];
  const watches: Stream[] = [];
  const view = (): JobView => ({ metadata: { name: job, resourceVersion: String(rv), annotations } });
  const http = {
    async request(verb: string, path: string) {
      gets.push(`${verb} ${path}`);
      if (getError) throw getError;
      return view();
    },
    watchStream(
      path: string,
      query: Record<string, unknown>,
      onLine: (l: string) => void,
      signal: AbortSignal,
    ) {
      if (watchError) return Promise.reject(watchError);
      return new Promise<void>((resolve, reject) => {
        const end = (e?: Error) => (e ? reject(e) : resolve());
        watches.push({ query: { path, ...query }, onLine, end });
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    },
  } as unknown as Pick<KubeHttp, 'request' | 'watchStream'>;
  const current = () => {
    const w = watches.at(-1);
    if (!w) throw new Error('no watch open');
    return w;
  };
  return {
    http,
    gets,
    watches,
    path: `/apis/batch/v1/namespaces/${namespace}/jobs`,
    /** The annotation set and the MODIFIED event sent on the open watch. */
    annotate(key: string, value: string) {
      annotations = { ...annotations, [key]: value };
      rv++;
      current().onLine(JSON.stringify({ type: 'MODIFIED', object: view() }));
    },
    /** The annotation set while no watch saw it (the next `get` reads it). */
    annotateUnseen(key: string, value: string) {
      annotations = { ...annotations, [key]: value };
      rv++;
    },
    send(type: string, object: unknown) {
      current().onLine(JSON.stringify({ type, object }));
    },
    endWatch(e?: Error) {
      current().end(e);
    },
    failGet(status: number) {
      getError = new ApiError(status, status === 403 ? 'Forbidden' : 'NotFound', `get job: ${status}`);
    },
    failWatch(status: number) {
      watchError = new ApiError(status, 'Forbidden', `watch jobs: ${status} Forbidden`);
    },
  };
}

/** Waits until `cond` holds (a few ms at a time), or fails after a second. */
export async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`not seen: ${what}`);
}
