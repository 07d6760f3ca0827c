/** What the lab tests share: the controls, deploying a target, reading a run's report. */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import type { CheckResult } from '../../src/checks/types.ts';
import type { RunReport } from '../../src/report/types.ts';
import type { Ran } from './cli-helpers.ts';
import { kubectl, ROOT } from './helpers.ts';

/** The negative controls and other odd targets. */
export const CONTROLS = join(ROOT, 'lab', 'manifests', 'controls');

/** Applies `manifest` (a path, or a file name under the controls) and waits for `ns/sts` to roll out. */
export async function deploy(manifest: string, ns: string, sts: string): Promise<void> {
  await kubectl('apply', '-f', isAbsolute(manifest) ? manifest : join(CONTROLS, manifest));
  await kubectl('-n', ns, 'rollout', 'status', `statefulset/${sts}`, '--timeout=120s');
}

/** A lab manifest with its namespace renamed, applied, and its StatefulSet rolled out. */
export async function deployAs(
  manifest: string,
  from: string,
  ns: string,
  sts: string,
  wait = true,
): Promise<void> {
  const file = join(tmpdir(), `${ns}-${basename(manifest)}`);
  writeFileSync(file, readFileSync(join(ROOT, manifest), 'utf8').replaceAll(from, ns));
  await kubectl('apply', '-f', file);
  if (!wait) return;
  await kubectl('-n', ns, 'rollout', 'status', `statefulset/${sts}`, '--timeout=120s').catch(
    async (e: Error) => {
      // What held it: the pods, their containers' restarts and the namespace's events (a flake's evidence).
      const pods = await kubectl('-n', ns, 'get', 'pods,pvc', '-o', 'wide').catch((x: Error) => x.message);
      const events = await kubectl('-n', ns, 'get', 'events', '--sort-by=.lastTimestamp').catch(
        (x: Error) => x.message,
      );
      throw new Error(`${e.message}\n${pods}\n${events.split('\n').slice(-25).join('\n')}`);
    },
  );
}

/** The run's report.json. */
export function reportOf(r: Ran): RunReport {
  return JSON.parse(readFileSync(join(r.dir, 'report.json'), 'utf8')) as RunReport;
}

/** Every result of check `id`, over all steps. */
export function resultsOf(r: Ran, id: string): CheckResult[] {
  return reportOf(r).steps.flatMap((s) => s.results.filter((x) => x.id === id));
}

/** The result of check `id` in the step whose catalogue ID is `step` (e.g. `ordering/scale`). */
export function resultIn(r: Ran, step: string, id: string): CheckResult | undefined {
  return reportOf(r)
    .steps.find((s) => s.step === step)
    ?.results.find((x) => x.id === id);
}
