import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import type { Logger } from 'pino';
import type { PodExec } from '../kube/exec.ts';
import type { KubeHttp } from '../kube/http.ts';
import { Duration } from '../util/duration.ts';
import type { Ledger, LedgerEntry } from './ledger.ts';
import type { Json } from './target.ts';

const run = promisify(execFile);

export interface RevertDeps {
  readonly http: KubeHttp;
  readonly exec: PodExec;
  readonly log: Logger;
}

/** The revert of each kind of ledger entry. Idempotent: running one twice does no harm. */
export const revertActions: Record<
  string,
  (deps: RevertDeps, p: Readonly<Record<string, string>>) => Promise<void>
> = {
  async uncordon({ http }, p) {
    await http.request('patch', `/api/v1/nodes/${p.node}`, {
      body: { spec: { unschedulable: null } },
      contentType: 'application/merge-patch+json',
    });
  },
  async 'resume-processes'({ exec, http }, p) {
    // Nothing is frozen any more when the pod is gone or replaced, or when its container is not running
    // (the liveness probe is restarting it: the next processes start fresh).
    const frozenMayRemain = async (): Promise<boolean> => {
      try {
        const pod = await http.request<Json>('get', `/api/v1/namespaces/${p.namespace}/pods/${p.pod}`);
        if (pod.metadata.uid !== p.uid) return false;
        const c = (pod.status?.containerStatuses ?? []).find((x: Json) => x.name === p.container);
        return !!c?.state?.running;
      } catch {
        return false;
      }
    };
    for (let attempt = 1; ; attempt++) {
      if (!(await frozenMayRemain())) return;
      try {
        const r = await exec.run(
          p.namespace ?? '',
          p.pod ?? '',
          p.container ?? '',
          ['sh', '-c', 'kill -CONT -1 2>/dev/null; kill -CONT 1'],
          Duration.seconds(20),
        );
        if (r.exitCode === 0) return;
        throw new Error(`SIGCONT in ${p.namespace}/${p.pod}: exit ${r.exitCode} ${r.stderr.trim()}`);
      } catch (e) {
        // The container may have stopped between the check and the exec: look again before giving up.
        if (attempt >= 3) throw e;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  },
  async 'heal-command'({ exec }, p) {
    const r = await exec.run(
      p.namespace ?? '',
      p.pod ?? '',
      p.container ?? '',
      ['sh', '-c', p.command ?? 'true'],
      Duration.seconds(60),
    );
    if (r.exitCode !== 0)
      throw new Error(`heal command in ${p.namespace}/${p.pod}: exit ${r.exitCode} ${r.stderr.trim()}`);
  },
  async scale({ http }, p) {
    await http.request('patch', `/apis/apps/v1/namespaces/${p.namespace}/statefulsets/${p.name}/scale`, {
      body: { spec: { replicas: Number(p.replicas) } },
      contentType: 'application/merge-patch+json',
    });
  },
  async 'node-up'(_deps, p) {
    const cmd = p.command ?? '';
    await run('sh', ['-c', cmd], { timeout: 180_000 });
  },
};

export interface RevertHandle {
  readonly id: string;
  /** Runs the revert once (later calls do nothing) and clears it from the ledger. */
  revert(): Promise<void>;
}

/**
 * Registers reverts in the ledger before a fault acts, runs them, and runs whatever is still pending
 * on SIGTERM. A revert that fails stays in the ledger and is reported as needing a human.
 */
export class Reverts {
  readonly #deps: RevertDeps;
  readonly #ledger: Ledger;
  readonly #runId: string;
  readonly #pending = new Map<string, { entry: LedgerEntry; done?: Promise<void> }>();
  /** Reverts that failed: one line each, for the report and exit code 5. */
  readonly failures: string[] = [];

  constructor(deps: RevertDeps, ledger: Ledger, runId: string) {
    this.#deps = deps;
    this.#ledger = ledger;
    this.#runId = runId;
  }

  async register(kind: string, params: Record<string, string>, description: string): Promise<RevertHandle> {
    if (!revertActions[kind]) throw new Error(`unknown revert kind ${kind}`);
    const entry: LedgerEntry = {
      id: `r-${randomUUID().slice(0, 8)}`,
      kind,
      params,
      runId: this.#runId,
      at: new Date().toISOString(),
      description,
    };
    await this.#ledger.add(entry);
    this.#pending.set(entry.id, { entry });
    return { id: entry.id, revert: () => this.#run(entry.id) };
  }

  #run(id: string): Promise<void> {
    const p = this.#pending.get(id);
    if (!p) return Promise.resolve();
    p.done ??= (async () => {
      const { entry } = p;
      try {
        await revertActions[entry.kind]?.(this.#deps, entry.params);
        await this.#ledger.remove(entry.id);
        this.#deps.log.info({ revert: entry.kind, ...entry.params }, `reverted: ${entry.description}`);
      } catch (e) {
        const line = `revert failed: ${entry.description}: ${(e as Error).message} (ledger entry ${entry.id} in ConfigMap ${this.#ledger.configMapName}; run 'sts-chaos cleanup' or undo it by hand)`;
        this.failures.push(line);
        this.#deps.log.error({ revert: entry.kind }, line);
      } finally {
        this.#pending.delete(id);
      }
    })();
    return p.done;
  }

  get pending(): number {
    return this.#pending.size;
  }

  /** Runs every pending revert (SIGTERM, failure). */
  async revertAll(): Promise<void> {
    await Promise.all([...this.#pending.keys()].map((id) => this.#run(id)));
  }
}

/** Runs the reverts a killed run left in the ledger (cleanup, and the start of every run). */
export async function revertFromLedger(
  deps: RevertDeps,
  ledger: Ledger,
): Promise<{ reverted: string[]; failed: string[] }> {
  const reverted: string[] = [];
  const failed: string[] = [];
  for (const entry of await ledger.entries()) {
    try {
      const action = revertActions[entry.kind];
      if (!action) throw new Error(`unknown revert kind ${entry.kind}`);
      await action(deps, entry.params);
      await ledger.remove(entry.id);
      reverted.push(entry.description);
      deps.log.info(
        { revert: entry.kind, runId: entry.runId },
        `reverted what run ${entry.runId} left: ${entry.description}`,
      );
    } catch (e) {
      failed.push(`${entry.description}: ${(e as Error).message}`);
    }
  }
  if (failed.length === 0) await ledger.dropIfEmpty();
  return { reverted, failed };
}
