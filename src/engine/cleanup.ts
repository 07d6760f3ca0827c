import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { CleanupConfig } from '../config/load.ts';
import { ExitCode, RevertFailedError } from '../errors.ts';
import { WebSocketExec } from '../kube/exec.ts';
import { KubeHttp } from '../kube/http.ts';
import { loadKubeConfig } from '../kube/kubeconfig.ts';
import { RunLease } from './lease.ts';
import { LEDGER_LABEL, Ledger } from './ledger.ts';
import { revertFromLedger } from './reverts.ts';

/**
 * `sts-chaos cleanup`: runs the reverts a killed run left in the ledger of its targets (`--target`, repeatable), or in
 * every ledger of a namespace (`--namespace`). It takes each target's run Lease first, so that it never
 * reverts the faults of a run that is still alive (refused, exit 3), and removes a dead run's Lease.
 */
export async function cleanupCommand(cfg: CleanupConfig, log: Logger, signal?: AbortSignal): Promise<number> {
  const kc = loadKubeConfig({ kubeconfig: cfg.kubeconfig, context: cfg.context });
  const http = new KubeHttp(kc);
  const deps = { http, exec: new WebSocketExec(kc), log };
  const targets = cfg.targets
    ? cfg.targets.map((t) => t.name)
    : (
        await http.request<{ items: { metadata: { name: string } }[] }>(
          'list',
          `/api/v1/namespaces/${cfg.namespace}/configmaps`,
          { query: { labelSelector: `${LEDGER_LABEL}=true` } },
        )
      ).items.map((cm) => cm.metadata.name.replace(/^sts-chaos-ledger-/, ''));
  const failed: string[] = [];
  let reverted = 0;
  for (const sts of targets) {
    const lease = new RunLease(http, cfg.namespace, sts, `cleanup-${randomUUID().slice(0, 8)}`);
    await lease.acquire({
      waitForExpiry: true,
      onWait: (what) => log.info({ target: sts }, what),
      ...(signal ? { signal } : {}),
    });
    try {
      const r = await revertFromLedger(deps, new Ledger(http, cfg.namespace, sts, log));
      reverted += r.reverted.length;
      failed.push(...r.failed);
    } finally {
      await lease.release();
    }
  }
  if (failed.length) throw new RevertFailedError(`cleanup could not revert: ${failed.join('; ')}`);
  const where = cfg.targets ? targets.map((t) => `${cfg.namespace}/${t}`).join(', ') : cfg.namespace;
  log.info(
    { namespace: cfg.namespace, reverted },
    reverted
      ? `cleanup of ${where}: reverted ${reverted} leftover fault(s)`
      : `cleanup of ${where}: nothing to revert`,
  );
  return ExitCode.Ok;
}
