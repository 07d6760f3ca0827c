import { expect } from 'chai';
import { TimelineBuilder } from '../timeline/testing/builder.ts';
import { ts } from '../timeline/testing/entries.ts';
import { pass } from './result.ts';
import { defineScalingCheck, type ScaleChange } from './scaling.ts';
import { run } from './testing/run.ts';

function scalingCheck(direction: 'down' | 'up', seen: ScaleChange[]) {
  return defineScalingCheck(
    { id: 'T-S', title: 'scaling', tags: [], direction, parallelWhat: 'does anything' },
    (_ctx, changes) => {
      seen.push(...changes);
      return pass('T-S', 'judged');
    },
  );
}

describe('defineScalingCheck', () => {
  const scaled = () =>
    new TimelineBuilder()
      .steadyState()
      .at(5)
      .statefulSet({ replicas: 1 })
      .at(20)
      .statefulSet({ replicas: 2 });

  it('keeps the catalogue fields only', () => {
    const c = scalingCheck('down', []);
    expect(Object.keys(c).sort()).to.deep.equal(['evaluate', 'id', 'tags', 'title']);
  });

  it('judges the changes of its direction within the bounds', () => {
    const downs: ScaleChange[] = [];
    expect(run(scalingCheck('down', downs), scaled().build(30)).reason).to.equal('judged');
    expect(downs.map((c) => [c.at, c.from, c.to])).to.deep.equal([[ts(5), 3, 1]]);
    const ups: ScaleChange[] = [];
    run(scalingCheck('up', ups), scaled().build(30));
    expect(ups.map((c) => [c.at, c.from, c.to])).to.deep.equal([[ts(20), 1, 2]]);
    const windowed: ScaleChange[] = [];
    const r = run(scalingCheck('down', windowed), scaled().build(30), {}, { from: ts(10), to: ts(30) });
    expect([r.status, r.reason]).to.deep.equal(['skip', 'no scale-down happened during the run']);
  });

  it('skips under Parallel, saying what the controller does instead', () => {
    const parallel = new TimelineBuilder({ podManagementPolicy: 'Parallel' }).steadyState().at(5);
    const r = run(scalingCheck('down', []), parallel.statefulSet({ replicas: 1 }).build(30));
    expect([r.status, r.reason]).to.deep.equal([
      'skip',
      'podManagementPolicy is Parallel: the controller does anything',
    ]);
  });
});
