/**
 * The updates suite (issue 15) in the suite's time: the demo (OrderedReady) through a rolling restart and
 * a partitioned one: ORD-3 judged on every replacement, the data and identity kept, the user's partition
 * back. More (OnDelete, Parallel, a partitioned target, the bad release, SIGKILL mid-release):
 * updates-more.spec.ts (`npm run test:lab:updates`).
 */
import { expect } from 'chai';
import { noRunLeft, stsChaos, why } from './cli-helpers.ts';
import { reportOf, resultIn } from './fixtures.ts';
import { kubectl } from './helpers.ts';
import { demoAs, expectAllReady, revisions, targetState } from './update-fixtures.ts';

const NS = 'upd-demo';

describe('the updates suite on the demo (OrderedReady, RollingUpdate)', function () {
  this.timeout(600_000);
  before(() => demoAs(NS));
  after(() => kubectl('delete', 'namespace', NS, '--wait=false', '--ignore-not-found'));

  it('a rolling restart and a partitioned one: ORD-3 judged and passed, data kept, the partition restored', async () => {
    const before = await revisions(NS);
    const r = await stsChaos(['run', '--target', `${NS}/web`, '--suites', 'updates', '--skip', 'ID-3 DNS']);
    expect(r.code, why(r)).to.equal(0);
    const rep = reportOf(r);
    expect(rep.steps.map((s) => s.step)).to.deep.equal([
      'updates/rolling-update-restart',
      'updates/rolling-update-partition',
      'updates/rolling-update-on-delete',
    ]);
    for (const step of ['updates/rolling-update-restart', 'updates/rolling-update-partition']) {
      const ord3 = resultIn(r, step, 'ORD-3');
      expect(ord3?.status, `${step}: ${ord3?.reason}`).to.equal('pass');
      for (const id of ['VOL-3', 'ID-1', 'SB-1', 'REC-1'])
        expect(resultIn(r, step, id)?.status, `${step} ${id}: ${resultIn(r, step, id)?.reason}`).to.equal(
          'pass',
        );
    }
    expect(rep.steps.find((s) => s.step === 'updates/rolling-update-on-delete')?.results[0]?.reason).to.match(
      /updateStrategy is RollingUpdate/,
    );
    const after = await revisions(NS);
    for (const pod of Object.keys(before)) expect(after[pod], pod).to.not.equal(before[pod]);
    const state = await targetState(NS);
    expect(state.partition ?? 0, 'the user partition (unset) back').to.equal(0);
    expectAllReady(state);
    await noRunLeft(NS);
  });
});
