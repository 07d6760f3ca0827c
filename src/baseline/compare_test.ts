import { expect } from 'chai';
import { compareRuns, regressions } from './compare.ts';
import { DEFAULT_COMPARE } from './options.ts';
import { run, runsOf, sample } from './testing/reports.ts';

const FORCED = 'identity/pod-kill-forced';
const side = (runs: ReturnType<typeof runsOf>) => ({ reports: runs.map((r) => `${r.runId}.json`), runs });

describe('baseline compare', () => {
  it('a slower fault is a regression naming the fault and the phase', () => {
    const c = compareRuns(side(runsOf(FORCED, [3000, 3100, 3200])), side(runsOf(FORCED, [6000, 6100, 6200])));
    expect(c.verdict).to.equal('regression');
    expect(c.faults).to.have.length(1);
    const f = c.faults[0];
    expect(f?.fault).to.equal(FORCED);
    expect(f?.verdict).to.equal('regression');
    expect(f?.phases.map((p) => p.phase)).to.deep.equal(['total', 'ready']);
    expect(regressions(c)).to.deep.equal([
      `${FORCED} total +97% (3.10s → 6.10s)`,
      `${FORCED} ready +115% (2.60s → 5.60s)`,
    ]);
    expect(c.summary).to.equal(`recovery slower than the baseline: ${regressions(c).join(', ')}`);
  });

  it('the same runs on both sides: no regression', () => {
    const runs = runsOf(FORCED, [3000, 3600, 3200]);
    const c = compareRuns(side(runs), side(runs));
    expect(c.verdict).to.equal('ok');
    expect(c.summary).to.equal('no recovery regression: 1 fault judged against 3 baseline runs');
    expect(c.faults[0]?.phases.every((p) => p.change === 0)).to.equal(true);
  });

  it('too few samples: inconclusive, never a pass, and the whole is inconclusive when nothing was judged', () => {
    const c = compareRuns(side(runsOf(FORCED, [3000, 3100, 3200])), side(runsOf(FORCED, [9000])));
    expect(c.faults[0]?.verdict).to.equal('inconclusive');
    expect(c.verdict).to.equal('inconclusive');
    expect(c.summary).to.equal(
      `nothing to compare: no fault has enough samples (${FORCED}: 1 new sample, at least 3 needed)`,
    );
  });

  it('one fault judged and one inconclusive: the judged one decides, the other is counted', () => {
    const base = [...runsOf(FORCED, [3000, 3100, 3200]), run([sample('volumes/pod-kill', 4000)])];
    const now = [...runsOf(FORCED, [3000, 3100, 3200]), run([sample('volumes/pod-kill', 4000)])];
    const c = compareRuns(side(base), side(now));
    expect(c.verdict).to.equal('ok');
    expect(c.faults.map((f) => [f.fault, f.verdict])).to.deep.equal([
      [FORCED, 'ok'],
      ['volumes/pod-kill', 'inconclusive'],
    ]);
    expect(c.summary).to.equal(
      'no recovery regression: 1 fault judged against 4 baseline runs; 1 inconclusive',
    );
  });

  it('lists the faults of one side only, and says when none is in common', () => {
    const c = compareRuns(side(runsOf('a/x', [1, 2, 3])), side(runsOf('b/y', [1, 2, 3])));
    expect(c.baselineOnly).to.deep.equal(['a/x']);
    expect(c.currentOnly).to.deep.equal(['b/y']);
    expect(c.verdict).to.equal('inconclusive');
    expect(c.summary).to.equal(
      'nothing to compare: no fault in common with the baseline (baseline: a/x; new: b/y)',
    );
    expect(compareRuns(side([]), side(runsOf('b/y', [1]))).summary).to.match(/the baseline has no sample/);
    expect(compareRuns(side(runsOf('b/y', [1])), side([])).summary).to.match(/the new runs have no sample/);
  });

  it('counts a run given twice once', () => {
    const runs = runsOf(FORCED, [3000, 3100]);
    const c = compareRuns(side([...runs, ...runs]), side(runsOf(FORCED, [3000, 3100, 3200])));
    expect(c.baseline.runIds).to.have.length(2);
    expect(c.faults[0]?.phases[0]?.baseline.n).to.equal(2);
    expect(c.faults[0]?.verdict).to.equal('inconclusive');
  });

  it('records the settings it judged with', () => {
    const runs = runsOf(FORCED, [1000]);
    const c = compareRuns(side(runs), side(runs), { ...DEFAULT_COMPARE, maxRegression: 10, minSamples: 1 });
    expect(c).to.deep.include({ maxRegression: 10, minSamples: 1, floorMs: 250, verdict: 'ok' });
    expect(c.baseline.reports).to.deep.equal([`${runs[0]?.runId}.json`]);
  });

  it('orders the phases total first, then the standard ones, then the others', () => {
    const phases = { ready: 1, start: 1, deletion: 1, custom: 1 };
    const runs = [run([sample('s/f', 1000, phases)])];
    const c = compareRuns(side(runs), side(runs), { ...DEFAULT_COMPARE, minSamples: 1 });
    expect(c.faults[0]?.phases.map((p) => p.phase)).to.deep.equal([
      'total',
      'deletion',
      'start',
      'ready',
      'custom',
    ]);
  });
});
