import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { UsageError } from '../errors.ts';
import { toJson } from '../report/json.ts';
import { loadReports } from './load.ts';
import { run, sample } from './testing/reports.ts';

describe('baseline load', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sts-chaos-baseline-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const write = (path: string, text: string) => {
    const file = join(dir, path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
    return file;
  };
  const report = (runId: string) => toJson(run([sample('s/f', 1000)], { runId }));
  const refused = async (paths: string[]): Promise<string> => {
    try {
      await loadReports(paths, 'baseline report');
    } catch (e) {
      expect(e).to.be.instanceOf(UsageError);
      const m = (e as Error).message;
      expect(m).to.not.include('\n');
      return m;
    }
    throw new Error('not refused');
  };

  it('reads a report.json, a report directory, and a directory of report directories', async () => {
    const file = write('one/report.json', report('run-a'));
    write('release/r2/report.json', report('run-c'));
    write('release/r1/report.json', report('run-b'));
    write('release/notes/readme.txt', 'x');
    const got = await loadReports([file, join(dir, 'one'), join(dir, 'release')], 'baseline report');
    expect(got.map((r) => r.report.runId)).to.deep.equal(['run-a', 'run-a', 'run-b', 'run-c']);
    expect(got[2]?.file).to.equal(join(dir, 'release', 'r1', 'report.json'));
  });

  it('refuses, in one line naming the path: missing, not JSON, not a report, an empty directory', async () => {
    expect(await refused([join(dir, 'nope.json')])).to.equal(
      `baseline report ${join(dir, 'nope.json')}: not found`,
    );
    const bad = write('bad.json', '{"runId": ');
    expect(await refused([bad])).to.match(new RegExp(`^baseline report ${bad}: not JSON \\(`));
    const other = write('other.json', '{"hello": 1}');
    expect(await refused([other])).to.equal(`baseline report ${other}: not an sts-chaos report: no runId`);
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(await refused([empty])).to.equal(
      `baseline report ${empty}: a directory without report.json, in it or in its subdirectories`,
    );
  });
});
