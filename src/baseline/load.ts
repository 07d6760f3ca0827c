/**
 * Reads the reports of one side of a comparison. Each path is a report.json, a report directory (holding
 * report.json), or a directory of report directories (each subdirectory's report.json, by name): a
 * release's runs kept side by side pool as one baseline. A path that cannot be read, or is not an
 * sts-chaos report, is a UsageError (exit 2) of one line naming it and why.
 */
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { messageOf, oneLine } from '../config/message.ts';
import { UsageError } from '../errors.ts';
import { fromJson } from '../report/json.ts';
import type { RunReport } from '../report/types.ts';

export const REPORT_JSON = 'report.json';

export interface LoadedReport {
  /** Where it was read from. */
  readonly file: string;
  readonly report: RunReport;
}

/** The reports at `paths`, in order; `what` names the side in messages ("baseline report"). */
export async function loadReports(paths: readonly string[], what: string): Promise<LoadedReport[]> {
  const out: LoadedReport[] = [];
  for (const path of paths) {
    for (const file of await reportFiles(path, what))
      out.push({ file, report: await readReport(file, what) });
  }
  return out;
}

/** The report.json files a path stands for. */
async function reportFiles(path: string, what: string): Promise<string[]> {
  const info = await stat(path).catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`${what} ${path}: ${ioReason(e)}`);
  });
  if (!info.isDirectory()) return [path];
  const own = join(path, REPORT_JSON);
  if (await isFile(own)) return [own];
  const entries: Dirent[] = await readdir(path, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`${what} ${path}: ${ioReason(e)}`);
  });
  const found: string[] = [];
  for (const d of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = join(path, d.name, REPORT_JSON);
    if (await isFile(file)) found.push(file);
  }
  if (found.length === 0)
    throw new UsageError(
      `${what} ${path}: a directory without ${REPORT_JSON}, in it or in its subdirectories`,
    );
  return found;
}

async function readReport(file: string, what: string): Promise<RunReport> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`${what} ${file}: ${ioReason(e)}`);
  });
  try {
    return fromJson(text);
  } catch (e) {
    const why = oneLine(messageOf(e));
    throw new UsageError(
      `${what} ${file}: ${e instanceof SyntaxError ? `not JSON (${why.slice(0, 120)})` : why}`,
    );
  }
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

function ioReason(e: NodeJS.ErrnoException): string {
  if (e.code === 'ENOENT') return 'not found';
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'cannot be read (permission denied)';
  if (e.code === 'EISDIR') return 'a directory';
  return oneLine(e.message);
}
