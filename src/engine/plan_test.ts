import { expect } from 'chai';
import { loadRunConfig } from '../config/load.ts';
import { runModeLines } from './plan.ts';

describe('plan: the run mode', () => {
  const cfg = (flags: Record<string, string | boolean | string[]>) =>
    loadRunConfig({ flags: { '--target': 'a/web', ...flags } });

  it('says nothing of an ordinary run', () => {
    expect(runModeLines(cfg({}), 5)).to.deep.equal([]);
  });

  it('names guided, repeated and baseline-gated runs', () => {
    const lines = runModeLines(
      cfg({ '--step': true, '--repeat': '3', '--for': '30m', '--baseline': ['old/report.json'] }),
      5,
    );
    expect(lines).to.have.length(3);
    expect(lines[0]).to.match(/^guided \(--step\): .*sts-chaos.io\/continue=<step>/);
    expect(lines[1]).to.equal(
      'repeated: the suites 3 times (15 steps), or for 30m (no iteration starts after it), whichever ends first',
    );
    expect(lines[2]).to.match(
      /^baseline gate: recovery compared at the end with old\/report.json \(a regression over 25%/,
    );
  });
});
