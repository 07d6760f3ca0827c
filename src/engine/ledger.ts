import type { Logger } from 'pino';
import { ApiError, type KubeHttp } from '../kube/http.ts';

/** A revert that must run even if this process dies: kept in a ConfigMap in the target's namespace. */
export interface LedgerEntry {
  readonly id: string;
  /** What to undo, e.g. 'uncordon', 'resume-processes', 'node-up', 'heal-command'. */
  readonly kind: string;
  readonly params: Readonly<Record<string, string>>;
  readonly runId: string;
  /** When it was registered (ISO time). */
  readonly at: string;
  /** One line for the person reading `cleanup` output or a failed revert. */
  readonly description: string;
}

export const LEDGER_LABEL = 'sts-chaos.io/ledger';

/**
 * The fault ledger: every fault writes its revert here before it acts and removes it after the revert
 * succeeded, so that `cleanup` (or the next run) can undo what a killed run left behind.
 */
export class Ledger {
  readonly #http: KubeHttp;
  readonly #ns: string;
  readonly #name: string;
  readonly #log: Logger | undefined;

  constructor(http: KubeHttp, namespace: string, statefulSet: string, log?: Logger) {
    this.#http = http;
    this.#ns = namespace;
    this.#name = `sts-chaos-ledger-${statefulSet}`.slice(0, 253);
    this.#log = log;
  }

  get configMapName(): string {
    return this.#name;
  }

  #path(withName = true): string {
    return `/api/v1/namespaces/${this.#ns}/configmaps${withName ? `/${this.#name}` : ''}`;
  }

  async entries(): Promise<LedgerEntry[]> {
    try {
      const cm = await this.#http.request<{ data?: Record<string, string> }>('get', this.#path());
      return Object.values(cm.data ?? {}).map((v) => JSON.parse(v) as LedgerEntry);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return [];
      throw e;
    }
  }

  async add(entry: LedgerEntry): Promise<void> {
    const patch = { data: { [entry.id]: JSON.stringify(entry) } };
    try {
      await this.#http.request('patch', this.#path(), {
        body: patch,
        contentType: 'application/merge-patch+json',
      });
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
      await this.#http.request('create', this.#path(false), {
        body: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {
            name: this.#name,
            labels: { [LEDGER_LABEL]: 'true', 'app.kubernetes.io/managed-by': 'sts-chaos' },
          },
          ...patch,
        },
      });
    }
    this.#log?.debug({ ledger: entry.id, kind: entry.kind }, 'revert registered in the ledger');
  }

  async remove(id: string): Promise<void> {
    try {
      await this.#http.request('patch', this.#path(), {
        body: { data: { [id]: null } },
        contentType: 'application/merge-patch+json',
      });
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
    }
  }

  /** Deletes the ConfigMap when it holds nothing. */
  async dropIfEmpty(): Promise<void> {
    if ((await this.entries()).length > 0) return;
    try {
      await this.#http.request('delete', this.#path());
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
    }
  }
}
