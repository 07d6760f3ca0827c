import { expect } from 'chai';
import { loadRunConfig } from './load.ts';
import { Sources } from './sources.ts';
import { tempFiles, usage } from './testing/files.ts';

const files = tempFiles('sts-chaos-sources-');

describe('Sources (where each value came from)', () => {
  it('names the source and the field of a bad value', () => {
    expect(usage({ flags: { '--target': 'foo' } })).to.equal(
      '--target: "foo" must be <namespace>/<statefulset>',
    );
    expect(usage({ flags: { '--target': 'a/b', '--budget': 'banana' } })).to.equal(
      '--budget: "banana" is not a duration (use e.g. 250ms, 90s, 3m, 1m30s)',
    );
    expect(usage({ env: { STS_CHAOS_TARGET: 'a/b', STS_CHAOS_BUDGET: 'banana' } })).to.equal(
      'STS_CHAOS_BUDGET: "banana" is not a duration (use e.g. 250ms, 90s, 3m, 1m30s)',
    );
    const f = files.file('target: a/b\nbudget: banana\n');
    expect(usage({ configFile: f })).to.equal(
      `config file ${f}: budget: "banana" is not a duration (use e.g. 250ms, 90s, 3m, 1m30s)`,
    );
    const g = files.file('target: a/b\nnodeLoss:\n  mode: lan\n');
    expect(usage({ configFile: g })).to.equal(
      `config file ${g}: nodeLoss.mode: "lan" must be one of none, agent, lab, command`,
    );
    expect(usage({ env: { STS_CHAOS_TARGET: 'a/b', STS_CHAOS_NODE_LOSS_MODE: 'lan' } })).to.match(
      /^STS_CHAOS_NODE_LOSS_MODE: "lan" must be one of/,
    );
    expect(usage({ flags: { '--target': 'a/b', '--suites': ['identity,nope'] } })).to.match(
      /^--suites: "nope" is not a suite/,
    );
  });

  it('says how to set a missing target', () => {
    expect(usage({})).to.equal(
      'target is required, as <namespace>/<statefulset> (set it with --target, STS_CHAOS_TARGET or target in the config file)',
    );
  });

  it('names the source of a cross-field problem', () => {
    expect(usage({ flags: { '--target': 'a/b', '--node-loss': 'command' } })).to.match(
      /^--node-loss: "command" needs a down command and an up command/,
    );
    expect(usage({ flags: { '--target': 'a/b', '--node-up-command': 'x' } })).to.equal(
      '--node-up-command is only used when the node loss mode is "command" (it is "none")',
    );
    const f = files.file('target: a/b\nroleQuery: {interval: 5s}\n');
    expect(usage({ configFile: f })).to.equal(`config file ${f}: roleQuery.command is required`);
  });

  it('treats an empty file and null values as nothing set', () => {
    expect(
      loadRunConfig({ configFile: files.file(''), flags: { '--target': 'a/b' } }).budget.toString(),
    ).to.equal('3m');
    expect(
      loadRunConfig({ configFile: files.file('target: a/b\nbudget:\nnodeLoss: ~\n') }).budget.toString(),
    ).to.equal('3m');
  });

  it('merges mappings two levels deep, and a later value replaces the whole value under it', () => {
    const sources = new Sources();
    sources.add({ nodeLoss: { mode: 'lab', labScript: '/x' }, dataPaths: ['/a'] }, () => ({
      kind: 'file',
      file: 'f.yaml',
    }));
    sources.add({ nodeLoss: { mode: 'none' }, dataPaths: '/b' }, () => ({ kind: 'flag', flag: '--x' }));
    expect(sources.merged).to.deep.equal({ nodeLoss: { mode: 'none', labScript: '/x' }, dataPaths: '/b' });
  });

  it('says "invalid configuration" when there is no issue to explain', () => {
    expect(new Sources().explain([])).to.equal('invalid configuration');
  });
});
