import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import { fromJson } from './json.ts';
import { fixtureReport } from './testing/fixture.ts';
import { writeAtomic, writeReports } from './write.ts';

describe('writeReports', () => {
  let base: string;
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'sts-chaos-report-'));
  });
  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('writes the four reports and then done into a new directory', async () => {
    const dir = join(base, 'results', 'nested');
    const paths = await writeReports(dir, fixtureReport());
    expect(paths).to.deep.equal(
      ['junit.xml', 'report.json', 'summary.md', 'report.html', 'done'].map((f) => join(dir, f)),
    );
    expect((await readdir(dir)).sort()).to.deep.equal([
      'done',
      'junit.xml',
      'report.html',
      'report.json',
      'summary.md',
    ]);
    expect(await readFile(join(dir, 'done'), 'utf8')).to.equal(dir);
    expect(await readFile(join(dir, 'junit.xml'), 'utf8')).to.contain('<testsuites');
    expect(await readFile(join(dir, 'summary.md'), 'utf8')).to.match(/^## ❌ FAILED/);
    expect(await readFile(join(dir, 'report.html'), 'utf8')).to.contain('<svg');
    expect(fromJson(await readFile(join(dir, 'report.json'), 'utf8')).runId).to.equal('run-20250101-120000');
  });

  it('writes the absolute path into done for a relative directory', async () => {
    const dir = relative(process.cwd(), join(base, 'rel'));
    const paths = await writeReports(dir, fixtureReport());
    expect(paths.at(-1)).to.equal(join(base, 'rel', 'done'));
    expect(await readFile(join(base, 'rel', 'done'), 'utf8')).to.equal(join(base, 'rel'));
  });

  it('replaces earlier reports and leaves no temporary file', async () => {
    await writeFile(join(base, 'junit.xml'), 'old');
    await writeReports(base, fixtureReport({ outcome: 'passed', exitCode: 0 }));
    expect(await readFile(join(base, 'junit.xml'), 'utf8')).to.not.equal('old');
    expect((await readdir(base)).filter((f) => f.endsWith('.tmp'))).to.deep.equal([]);
  });

  it('still writes the other reports and done when one cannot be rendered, then throws', async () => {
    const report = fixtureReport();
    // A cycle that JSON cannot write; the other renderers never look at this field.
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const broken = { ...report, extra: cyclic };
    let error: unknown;
    try {
      await writeReports(base, broken);
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(AggregateError);
    expect((error as Error).message).to.contain('report.json');
    expect((await readdir(base)).sort()).to.deep.equal(['done', 'junit.xml', 'report.html', 'summary.md']);
  });

  it('writeAtomic cleans up its temporary file when the rename fails', async () => {
    // Renaming a file over a non-empty directory fails.
    const target = join(base, 'adir');
    await writeReports(join(target, 'sub'), fixtureReport());
    let failed = false;
    try {
      await writeAtomic(target, 'content');
    } catch {
      failed = true;
    }
    expect(failed).to.equal(true);
    expect((await readdir(base)).filter((f) => f.endsWith('.tmp'))).to.deep.equal([]);
  });
});
