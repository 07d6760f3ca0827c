import type { Logger } from 'pino';
import type { CommonConfig } from '../config/types.ts';
import { WebSocketExec } from '../kube/exec.ts';
import { KubeHttp } from '../kube/http.ts';
import { loadKubeConfig } from '../kube/kubeconfig.ts';
import { ExitCode, RevertFailedError } from './errors.ts';
import { LEDGER_LABEL, Ledger } from './ledger.ts';
import { revertFromLedger } from './reverts.ts';

/** `sts-chaos cleanup`: runs every revert that the ledgers of a namespace still hold (a killed run's). */
export async function cleanupCommand(
  cfg: CommonConfig & { readonly namespace: string },
  log: Logger,
): Promise<number> {
  const kc = loadKubeConfig({ kubeconfig: cfg.kubeconfig, context: cfg.context });
  const http = new KubeHttp(kc);
  const deps = { http, exec: new WebSocketExec(kc), log };
  const cms = await http.request<{ items: { metadata: { name: string } }[] }>(
    'list',
    `/api/v1/namespaces/${cfg.namespace}/configmaps`,
    { query: { labelSelector: `${LEDGER_LABEL}=true` } },
  );
  const failed: string[] = [];
  let reverted = 0;
  for (const cm of cms.items) {
    const sts = cm.metadata.name.replace(/^sts-chaos-ledger-/, '');
    const r = await revertFromLedger(deps, new Ledger(http, cfg.namespace, sts, log));
    reverted += r.reverted.length;
    failed.push(...r.failed);
  }
  if (failed.length) throw new RevertFailedError(`cleanup could not revert: ${failed.join('; ')}`);
  log.info(
    { namespace: cfg.namespace, reverted },
    reverted ? `cleanup: reverted ${reverted} leftover fault(s)` : 'cleanup: nothing to revert',
  );
  return ExitCode.Ok;
}
