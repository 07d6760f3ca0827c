/** Runs `sts-chaos run` as a child process, compiled as it ships, following its JSON log live. */
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { RunReport } from '../../src/report/types.ts';

export interface CliRun {
  readonly exitCode: number;
  readonly wallMs: number;
  readonly report: RunReport;
  /** The last lines the CLI wrote to stderr (its log). */
  readonly tail: readonly string[];
}

/**
 * Runs the compiled CLI (`npm run build` first) with `args` (plus JSON logs and `reportDir`), calls `onLog` with each log
 * object as it is written, and returns the exit code and the parsed report.json.
 */
export async function runCli(
  root: string,
  args: readonly string[],
  reportDir: string,
  env: NodeJS.ProcessEnv,
  onLog: (entry: Record<string, unknown>) => void = () => {},
): Promise<CliRun> {
  await rm(reportDir, { recursive: true, force: true });
  const t0 = Date.now();
  const child = spawn(
    process.execPath,
    // As the image and the bin script start it (see the Dockerfile's ENTRYPOINT).
    [
      '--max-semi-space-size=2',
      join(root, 'dist/src/cli/main.js'),
      'run',
      ...args,
      '--log-format',
      'json',
      '--report-dir',
      reportDir,
    ],
    { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const tail: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    tail.push(line);
    if (tail.length > 20) tail.shift();
    try {
      onLog(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // Not a log line.
    }
  });
  const exitCode = await new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  const wallMs = Date.now() - t0;
  let report: RunReport;
  try {
    report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as RunReport;
  } catch {
    throw new Error(
      `sts-chaos ${args.join(' ')} exited ${exitCode} without a report; its log ended:\n${tail.join('\n')}`,
    );
  }
  return { exitCode, wallMs, report, tail };
}
