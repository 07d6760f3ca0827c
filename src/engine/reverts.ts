import { randomUUID } from 'node:crypto';
import type { RevertDeps, RevertSpec } from '../faults/revert-types.ts';
import { runRevert, specOf } from '../faults/reverts.ts';
import type { Ledger, LedgerEntry } from './ledger.ts';

export type { RevertDeps } from '../faults/revert-types.ts';

/** Told when a revert is written to the ledger and when it ran (the fault windows' Events). */
export interface RevertObserver {
  registered(entry: LedgerEntry): void;
  reverted(entry: LedgerEntry): void;
}

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
  readonly #observer: RevertObserver | undefined;
  readonly #pending = new Map<string, { entry: LedgerEntry; done?: Promise<void> }>();
  /** Reverts that failed: one line each, for the report and exit code 5. */
  readonly failures: string[] = [];

  constructor(deps: RevertDeps, ledger: Ledger, runId: string, observer?: RevertObserver) {
    this.#deps = deps;
    this.#ledger = ledger;
    this.#runId = runId;
    this.#observer = observer;
  }

  /** Tells the observer, which may never break a revert. */
  #tell(what: keyof RevertObserver, entry: LedgerEntry): void {
    try {
      this.#observer?.[what](entry);
    } catch (e) {
      this.#deps.log.warn({ revert: entry.kind }, `revert observer failed: ${(e as Error).message}`);
    }
  }

  /** Writes the revert to the ledger (before the fault acts) and returns the handle that runs it. */
  async register(spec: RevertSpec, description: string): Promise<RevertHandle> {
    const { kind, ...params } = spec;
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
    this.#tell('registered', entry);
    return { id: entry.id, revert: () => this.#run(entry.id) };
  }

  #run(id: string): Promise<void> {
    const p = this.#pending.get(id);
    if (!p) return Promise.resolve();
    p.done ??= (async () => {
      const { entry } = p;
      try {
        await runRevert(this.#deps, specOf(entry.kind, entry.params));
        await this.#ledger.remove(entry.id);
        this.#deps.log.info({ revert: entry.kind, ...entry.params }, `reverted: ${entry.description}`);
        this.#tell('reverted', entry);
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
      await runRevert(deps, specOf(entry.kind, entry.params));
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
