/**
 * The run's own Job, watched for the operator's annotation: one `get` (the Job as it is, and where the
 * watch starts), then a watch of that one Job (`fieldSelector=metadata.name=<job>`, which lets RBAC limit
 * both verbs to it by resourceName), resumed when the server ends it, read again after 410 Gone, and
 * reconnected with backoff after a broken connection. Only get and watch: never list.
 */
import type { Logger } from 'pino';
import { UsageError } from '../../errors.ts';
import { ApiError, type KubeHttp } from '../../kube/http.ts';
import type { ObjectMeta } from '../../kube/objects.ts';
import { toStatus } from '../../kube/status.ts';
import { Duration } from '../../util/duration.ts';
import { sleep } from '../../util/sleep.ts';

/** What the gate reads of the Job. */
export interface JobView {
  readonly metadata: Pick<ObjectMeta, 'name' | 'resourceVersion'> & Partial<Pick<ObjectMeta, 'annotations'>>;
}

export interface JobWatchOptions {
  readonly http: Pick<KubeHttp, 'request' | 'watchStream'>;
  readonly namespace: string;
  readonly name: string;
  /** Told the Job each time it is seen, and `undefined` once it is deleted. */
  readonly onJob: (job: JobView | undefined) => void;
  /** Told once the Job cannot be watched at all (forbidden, gone): the watch has stopped. */
  readonly onFatal: (error: Error) => void;
  readonly log?: Logger;
  /** Server-side timeout of each watch request; the watch then resumes. @default 300 */
  readonly timeoutSeconds?: number;
  /** The first pause after a broken connection, doubled up to 5 s. @default 100ms */
  readonly backoff?: Duration;
}

export class JobWatch {
  readonly #o: JobWatchOptions;
  readonly #abort = new AbortController();
  readonly #path: string;
  readonly #firstBackoff: number;
  #backoff: number;
  #rv = '';
  #loop: Promise<void> | undefined;

  constructor(o: JobWatchOptions) {
    this.#o = o;
    this.#firstBackoff = o.backoff?.toMilliseconds() ?? 100;
    this.#backoff = this.#firstBackoff;
    this.#path = `/apis/batch/v1/namespaces/${o.namespace}/jobs`;
  }

  get #what(): string {
    return `job ${this.#o.namespace}/${this.#o.name}`;
  }

  /** Reads the Job once (a Job that cannot be read is a usage error), then watches it in the background. */
  async start(): Promise<void> {
    try {
      await this.#get();
    } catch (e) {
      if (e instanceof ApiError && e.status === 404)
        throw new UsageError(
          `--step in a cluster: ${this.#what} not found (STS_CHAOS_JOB_NAME and STS_CHAOS_JOB_NAMESPACE name the run's own Job)`,
        );
      if (e instanceof ApiError && (e.status === 403 || e.status === 401))
        throw new UsageError(
          `--step in a cluster: cannot read ${this.#what}: ${e.status === 403 ? 'forbidden' : 'unauthorized'} (its service account needs get and watch on it: the chart grants them with guided: true)`,
        );
      throw e;
    }
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
  }

  async #get(): Promise<void> {
    const job = await this.#o.http.request<JobView>('get', `${this.#path}/${this.#o.name}`, {
      signal: this.#abort.signal,
    });
    this.#rv = job.metadata.resourceVersion ?? '';
    this.#o.onJob(job);
  }

  async #run(): Promise<void> {
    const signal = this.#abort.signal;
    while (!signal.aborted) {
      let gone = false;
      try {
        await this.#o.http.watchStream(
          this.#path,
          {
            fieldSelector: `metadata.name=${this.#o.name}`,
            resourceVersion: this.#rv,
            allowWatchBookmarks: true,
            timeoutSeconds: this.#o.timeoutSeconds ?? 300,
          },
          (line) => {
            const ev = JSON.parse(line) as { type: string; object: JobView };
            if (ev.type === 'ERROR') {
              const status = toStatus(ev.object);
              if (status?.code === 410) gone = true;
              else this.#o.log?.warn({ job: this.#what, status }, 'job watch error event');
              return;
            }
            this.#rv = ev.object.metadata?.resourceVersion ?? this.#rv;
            if (ev.type === 'BOOKMARK') return;
            this.#o.onJob(ev.type === 'DELETED' ? undefined : ev.object);
          },
          signal,
        );
        this.#backoff = this.#firstBackoff;
      } catch (e) {
        if (signal.aborted) return;
        if (this.#fatal(e, 'watch')) return;
        if (e instanceof ApiError && e.status === 410) gone = true;
        else await this.#pause(e, 'job watch broke, reconnecting');
      }
      if (gone && !signal.aborted) {
        // The watch expired: the Job read again, its annotations as they are now.
        try {
          await this.#get();
        } catch (e) {
          if (signal.aborted || this.#fatal(e, 'get')) return;
          await this.#pause(e, 'job read failed, retrying');
        }
      }
    }
  }

  /** A Job that cannot be watched any more (forbidden, deleted): told once, and the watch stops. */
  #fatal(e: unknown, verb: 'get' | 'watch'): boolean {
    if (!(e instanceof ApiError)) return false;
    if (e.status === 404) {
      this.#o.onJob(undefined);
    } else if (e.status === 403 || e.status === 401) {
      this.#o.onFatal(
        new Error(
          `cannot ${verb} ${this.#what}: ${e.message} (its service account needs get and watch on it; the watch selects it by metadata.name)`,
        ),
      );
    } else return false;
    this.#abort.abort();
    return true;
  }

  async #pause(e: unknown, what: string): Promise<void> {
    this.#o.log?.debug({ job: this.#what, err: (e as Error).message, backoffMs: this.#backoff }, what);
    await sleep(Duration.millis(this.#backoff), this.#abort.signal).catch(() => undefined);
    this.#backoff = Math.min(this.#backoff * 2, 5000);
  }
}
