import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { toHtml } from './html.ts';
import { toJson } from './json.ts';
import { toJUnit } from './junit.ts';
import { toSummaryMarkdown } from './summary.ts';
import type { RunReport } from './types.ts';

/** The files of a results directory. */
export const REPORT_FILES = {
  junit: 'junit.xml',
  json: 'report.json',
  summary: 'summary.md',
  html: 'report.html',
  /** Written last; holds the absolute path of the results directory (the Sonobuoy plugin convention). */
  done: 'done',
} as const;

const RENDERERS: readonly (readonly [string, (r: RunReport) => string])[] = [
  [REPORT_FILES.junit, toJUnit],
  [REPORT_FILES.json, toJson],
  [REPORT_FILES.summary, toSummaryMarkdown],
  [REPORT_FILES.html, toHtml],
];

/**
 * Writes junit.xml, report.json, summary.md and report.html into `dir` (created if missing), each atomically
 * (a temporary file, fsync'd, renamed over the final name), then the `done` file naming the directory.
 * Returns the absolute paths written, `done` last.
 *
 * A report that cannot be rendered does not stop the others, nor `done` (a Sonobuoy aggregator would wait
 * for it forever): the error is thrown after everything else is written, as an AggregateError.
 */
export async function writeReports(dir: string, report: RunReport): Promise<string[]> {
  const root = resolve(dir);
  await mkdir(root, { recursive: true });
  const written: string[] = [];
  const errors: Error[] = [];
  for (const [name, render] of RENDERERS) {
    let content: string;
    try {
      content = render(report);
    } catch (err) {
      errors.push(new Error(`${name}: ${err instanceof Error ? err.message : String(err)}`, { cause: err }));
      continue;
    }
    written.push(await writeAtomic(join(root, name), content));
  }
  written.push(await writeAtomic(join(root, REPORT_FILES.done), root));
  if (errors.length > 0) {
    throw new AggregateError(
      errors,
      `could not render ${errors.map((e) => e.message).join('; ')} (wrote ${written.join(', ')})`,
    );
  }
  return written;
}

/** Writes `content` to `file` through a temporary file in the same directory, so readers never see half. */
export async function writeAtomic(file: string, content: string): Promise<string> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(tmp, 'wx', 0o644);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return file;
}
