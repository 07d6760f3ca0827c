import { expect } from 'chai';
import { compareRuns } from './compare.ts';
import { DEFAULT_COMPARE } from './options.ts';
import { comparisonTable } from './table.ts';
import { run, sample } from './testing/reports.ts';

const FORCED = 'identity/pod-kill-forced';
const side = (runs: ReturnType<typeof run>[]) => ({
  reports: runs.map((r) => `${r.runId}/report.json`),
  runs,
});
const forced = (total: number, ready: number) => run([sample(FORCED, total, { ready })]);

describe('baseline table', () => {
  it('names the fault, the phase, both sides, the change and the verdict, aligned', () => {
    const base = [forced(3000, 1100), forced(3100, 1210), forced(3200, 1300)];
    const now = [forced(6000, 2800), forced(6100, 2950), forced(6200, 3100)];
    const lines = comparisonTable(compareRuns(side(base), side(now)));
    expect(lines[0]).to.equal(
      "Recovery times against the baseline (a regression is a median over +25%, past the baseline's own spread and 250ms; at least 3 samples per side)",
    );
    expect(lines[1]).to.match(/^baseline: 3 runs \(run-\d+\/report\.json, /);
    expect(lines[2]).to.match(/^new: 3 runs \(/);
    expect(lines.slice(4, 7)).to.deep.equal([
      'fault                     phase  baseline                 new                   change  verdict',
      'identity/pod-kill-forced  total  3.10s (3–3.2, n=3)    →  6.10s (6–6.2, n=3)    +97%    REGRESSION',
      'identity/pod-kill-forced  ready  1.21s (1.1–1.3, n=3)  →  2.95s (2.8–3.1, n=3)  +144%   REGRESSION',
    ]);
    expect(lines.at(-1)).to.equal(
      'REGRESSION: recovery slower than the baseline: identity/pod-kill-forced total +97% (3.10s → 6.10s), identity/pod-kill-forced ready +144% (1.21s → 2.95s)',
    );
  });

  it('an inconclusive fault: one row with the samples missing; the faults of one side listed', () => {
    const base = [run([sample(FORCED, 3000, { ready: 1000 }), sample('a/only-before', 1)])];
    const now = [run([sample(FORCED, 3100, { ready: 1000 }), sample('b/only-now', 1)])];
    const lines = comparisonTable(compareRuns(side(base), side(now), DEFAULT_COMPARE));
    const rows = lines.filter((l) => l.startsWith(FORCED));
    expect(rows).to.have.length(1);
    expect(rows[0]).to.match(
      /total +3\.00s \(n=1\) +→ +3\.10s \(n=1\) +\+3% +inconclusive: 1 baseline and 1 new sample, at least 3 needed each$/,
    );
    expect(lines).to.include('only in the baseline (not compared): a/only-before');
    expect(lines).to.include('only in the new runs (not compared): b/only-now');
    expect(lines.at(-1)).to.match(/^INCONCLUSIVE: nothing to compare: no fault has enough samples/);
  });

  it('says when no fault is in common', () => {
    const lines = comparisonTable(
      compareRuns(side([run([sample('a/x', 1)])]), side([run([sample('b/y', 1)])])),
    );
    expect(lines).to.include('(no fault in common)');
  });

  it('ok rows for a run compared with itself', () => {
    const runs = [forced(3000, 1100), forced(3100, 1210), forced(3200, 1300)];
    const lines = comparisonTable(compareRuns(side(runs), side(runs)));
    expect(lines.filter((l) => l.startsWith(FORCED)).every((l) => / \+0% +ok$/.test(l))).to.equal(true);
    expect(lines.at(-1)).to.equal('OK: no recovery regression: 1 fault judged against 3 baseline runs');
  });
});
