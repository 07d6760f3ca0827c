import { expect } from 'chai';
import { tempFiles, usage } from './testing/files.ts';
import { editDistance, unknownKeyMessage } from './unknown-key.ts';

const files = tempFiles('sts-chaos-unknown-key-');

describe('unknown keys', () => {
  it('refuses unknown keys in the file, naming the key, with a suggestion', () => {
    const f = files.file('target: a/b\nbudgett: 3m\n');
    expect(usage({ configFile: f })).to.equal(
      `config file ${f}: unknown key "budgett" (did you mean "budget"?)`,
    );
    const g = files.file('target: a/b\nnode-loss: {mode: lab}\n');
    expect(usage({ configFile: g })).to.equal(
      `config file ${g}: unknown key "node-loss" (did you mean "nodeLoss"?)`,
    );
    const h = files.file('target: a/b\nnodeLoss: {mode: lab, xyzzy: 1}\n');
    expect(usage({ configFile: h })).to.equal(
      `config file ${h}: nodeLoss: unknown key "xyzzy" (known keys: mode, downCommand, upCommand, hold, holdAfterEviction, labScript, containersLeftRunning, forceDeleteLostPod, kind, fence, agentImage, agentNamespace, agentServiceAccount)`,
    );
    // An unknown key is reported even when a flag gives everything else.
    expect(usage({ configFile: f, flags: { '--target': 'x/y', '--budget': '1m' } })).to.match(
      /unknown key "budgett"/,
    );
    const p = files.file('target: a/b\n__proto__: {budget: banana}\n');
    expect(usage({ configFile: p })).to.match(/unknown key "__proto__"/);
  });

  it('suggests the key of the same spelling, or one at most two edits away, or lists the keys', () => {
    expect(unknownKeyMessage([], 'node_loss')).to.equal('unknown key "node_loss" (did you mean "nodeLoss"?)');
    expect(unknownKeyMessage(['probes'], 'holdfr')).to.equal(
      'unknown key "holdfr" (did you mean "holdFor"?)',
    );
    expect(unknownKeyMessage(['probes'], 'zzz')).to.equal(
      'unknown key "zzz" (known keys: breakCommand, healCommand, holdFor)',
    );
    expect(unknownKeyMessage(['nope'], 'x')).to.equal('unknown key "x" (known keys: )');
  });

  it('measures edit distance, capped at 3', () => {
    expect(editDistance('budget', 'budget')).to.equal(0);
    expect(editDistance('budget', 'budgett')).to.equal(1);
    expect(editDistance('budget', 'bugdet')).to.equal(2);
    expect(editDistance('a', 'abcdef')).to.equal(3);
    expect(editDistance('a', 'x'.repeat(65))).to.equal(3);
  });
});
