/** What a run may touch: the namespaces refused unless allowed, and the faults its selected steps use. */
import type { PlannedStep } from '../catalogue/index.ts';
import type { RunConfig } from '../config/types.ts';
import { RefusedError } from '../errors.ts';

export const FORBIDDEN_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];

export function checkNamespace(cfg: RunConfig): void {
  const ns = cfg.target.namespace;
  if (FORBIDDEN_NAMESPACES.includes(ns) && !cfg.allowNamespaces.includes(ns)) {
    throw new RefusedError(
      `namespace ${ns} is refused: sts-chaos does not inject faults there unless you pass --allow-namespace ${ns}`,
    );
  }
}

/**
 * The configuration with only the faults the selected steps use: preflight asks for the permissions of
 * those (a default fault list names update faults whose suite is not selected).
 */
export function withPlannedFaults(cfg: RunConfig, planned: readonly PlannedStep[]): RunConfig {
  return { ...cfg, faults: cfg.faults.filter((f) => planned.some((p) => p.step.fault === f)) };
}
