/** The Redis workload's lab fixtures: sts-chaos run with a config file, its results, its deploy. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckResult } from '../../src/checks/types.ts';
import type { RunReport } from '../../src/report/types.ts';
import { KUBECONFIG, kubectl, ROOT } from './helpers.ts';

const CLI = join(ROOT, 'src', 'cli', 'main.ts');
const LAB = join(ROOT, 'lab', 'lab.sh');
export const WORKLOADS = join(ROOT, 'examples', 'workloads');

export interface Ran {
  readonly code: number;
  readonly stderr: string;
  readonly report: RunReport;
  readonly seconds: number;
}

/** `sts-chaos run --config CONFIG` against the lab, reports into a fresh directory. */
export function stsChaos(config: string): Promise<Ran> {
  const dir = mkdtempSync(join(tmpdir(), 'sts-chaos-wl-'));
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        CLI,
        'run',
        '--config',
        config,
        '--kubeconfig',
        KUBECONFIG,
        '--log-format',
        'json',
        '--report-dir',
        dir,
      ],
      { env: { ...process.env, STS_CHAOS_NODE_LOSS_LAB_SCRIPT: LAB }, maxBuffer: 64 << 20 },
      (err, _stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? -1) : 0;
        try {
          const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunReport;
          resolve({ code, stderr, report, seconds: Math.round((Date.now() - t0) / 1000) });
        } catch (e) {
          reject(
            new Error(
              `no report.json (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}; ${e}`,
            ),
          );
        }
      },
    );
  });
}

export function results(r: Ran, id: string): CheckResult[] {
  return r.report.steps.flatMap((s) => s.results.filter((x) => x.id === id));
}

export function lastLog(r: Ran): string {
  return r.stderr.trim().split('\n').slice(-5).join(' | ');
}

export async function deploy(manifest: string, ns: string): Promise<void> {
  await kubectl('apply', '-f', manifest);
  await kubectl('-n', ns, 'rollout', 'status', 'statefulset/redis', '--timeout=180s');
}
