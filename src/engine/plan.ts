import { CATALOGUE, planLines, selectSteps } from '../catalogue/index.ts';
import type { RunConfig } from '../config/types.ts';
import { ExitCode } from '../errors.ts';
import { updatePlan } from '../faults/update-plan.ts';
import { WebSocketExec } from '../kube/exec.ts';
import { KubeHttp } from '../kube/http.ts';
import { loadKubeConfig } from '../kube/kubeconfig.ts';
import { preflight } from './preflight.ts';
import { checkNamespace, withPlannedFaults } from './run-scope.ts';
import { loadTarget, type Target } from './target.ts';

/** `sts-chaos plan` for one target: the preflight as a readable risk report, and the steps `run` would take. */
export async function planTarget(cfg: RunConfig, out: (line: string) => void): Promise<number> {
  checkNamespace(cfg);
  const planned = selectSteps(CATALOGUE, cfg);
  const kc = loadKubeConfig({ kubeconfig: cfg.kubeconfig, context: cfg.context });
  const http = new KubeHttp(kc);
  const target: Target = await loadTarget(
    http,
    cfg.target.namespace,
    cfg.target.name,
    cfg.container,
    cfg.dataPaths,
  );
  const pf = await preflight(http, new WebSocketExec(kc), target, withPlannedFaults(cfg, planned));
  out(`sts-chaos plan for ${target.namespace}/${target.name} (nothing was touched)`);
  for (const l of pf.lines) out(`  ${l}`);
  for (const l of planLines(planned, cfg)) out(l);
  for (const l of runModeLines(cfg, planned.length)) out(l);
  for (const p of planned) {
    const u = updatePlan(p.step, target, cfg);
    if (u) out(`  ${p.step.id}: ${u}`);
  }
  if (pf.refusal) {
    out(`REFUSED: ${pf.refusal}`);
    return ExitCode.Refused;
  }
  return ExitCode.Ok;
}

/** What `plan` says of the run's mode: guided, repeated, gated on a baseline. */
export function runModeLines(
  cfg: Pick<RunConfig, 'guided' | 'repeat' | 'repeatFor' | 'baseline' | 'maxRegression' | 'minSamples'>,
  steps: number,
): string[] {
  const out: string[] = [];
  if (cfg.guided)
    out.push(
      'guided (--step): each fault step shows its plan and waits for the operator (on a terminal Enter or c, s to skip, a to abort; in a Job the annotation sts-chaos.io/continue=<step>, skip:<step> or abort)',
    );
  if (cfg.repeat !== undefined || cfg.repeatFor !== undefined) {
    const times = cfg.repeat !== undefined ? `${cfg.repeat} times (${cfg.repeat * steps} steps)` : '';
    const until = cfg.repeatFor !== undefined ? `for ${cfg.repeatFor} (no iteration starts after it)` : '';
    out.push(`repeated: the suites ${[times, until].filter(Boolean).join(', or ')}, whichever ends first`);
  }
  if (cfg.baseline.length)
    out.push(
      `baseline gate: recovery compared at the end with ${cfg.baseline.join(', ')} (a regression over ${cfg.maxRegression}% fails the run; at least ${cfg.minSamples} samples per fault on each side, else inconclusive)`,
    );
  return out;
}
