import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { UsageError } from '../errors.ts';
import { fileLabel, readConfigFile } from './file.ts';
import { tempFiles, usage } from './testing/files.ts';

const files = tempFiles('sts-chaos-file-');

describe('the config file', () => {
  it('reports a file that is not YAML, or not a mapping, or missing, in one line', () => {
    const f = files.file('target: a/b\nsuites: [identity\nbudget: 3m\n');
    expect(usage({ configFile: f })).to.match(
      new RegExp(`^config file ${f}: not valid YAML \\(line \\d+: .+\\)$`),
    );
    const d = files.file('a: 1\na: 2\n');
    expect(usage({ configFile: d })).to.match(/not valid YAML \(line 2: Map keys must be unique\)/);
    const l = files.file('- target\n');
    expect(usage({ configFile: l })).to.equal(
      `config file ${l}: expected a mapping of settings (e.g. "target: demo/web"), got a list`,
    );
    const m = join(files.dir(), 'missing.yaml');
    expect(usage({ configFile: m })).to.equal(`config file ${m}: not found`);
    const sub = join(files.dir(), 'sub');
    mkdirSync(sub);
    expect(usage({ configFile: sub })).to.equal(`config file ${sub}: is a directory, not a file`);
    expect(usage({ configFile: join(files.dir(), 'x\ny.yaml') })).to.equal(
      `config file "${files.dir()}/x\\ny.yaml": not found`,
    );
    const a = files.file('target: &a [*a]\n');
    expect(usage({ configFile: a })).to.match(
      /target: item 1: expected <namespace>\/<statefulset>, got a list/,
    );
    const s = files.file('target: a/b\nnodeLoss: &n {mode: *n}\n');
    expect(usage({ configFile: s })).to.match(/nodeLoss.mode: a mapping must be one of/);
  });

  it('reads a mapping, and an empty file as no settings', () => {
    const f = files.file('target: a/b\nnodeLoss: {mode: lab}\n');
    expect(readConfigFile(f, 'x.yaml')).to.deep.equal({ target: 'a/b', nodeLoss: { mode: 'lab' } });
    expect(readConfigFile(files.file(''), 'e.yaml')).to.deep.equal({});
    expect(readConfigFile(files.file('# nothing\n'), 'e.yaml')).to.deep.equal({});
  });

  it('names the file by its label, and refuses an empty name', () => {
    expect(() => readConfigFile(' ', '" "')).to.throw(UsageError, /^config file " ": no file name given$/);
    expect(() => readConfigFile(files.file('- 1\n'), 'the-label')).to.throw(/^config file the-label: /);
  });

  it('shows a plain name as it is and quotes any other', () => {
    expect(fileLabel('/etc/sts-chaos/config.yaml')).to.equal('/etc/sts-chaos/config.yaml');
    expect(fileLabel('a b.yaml')).to.equal('"a b.yaml"');
    expect(fileLabel('x'.repeat(201))).to.match(/^"x+…" \(201 characters\)$/);
  });
});
