/**
 * The real workloads through a rolling restart (issue 15), run by `npm run test:lab:updates`: Redis,
 * MariaDB and etcd, each with its own sts-chaos config (examples/workloads/*.sts-chaos.yaml: its role
 * query and data check), `--suites updates --faults rolling-update --grep restart`: no acknowledged write
 * lost (VOL-3 with the data check), never two primaries (SB-4), the order kept (ORD-3).
 */
import { join } from 'node:path';
import { expect } from 'chai';
import { noRunLeft, stsChaos, why } from './cli-helpers.ts';
import { resultIn } from './fixtures.ts';
import { kubectl, lab, ROOT } from './helpers.ts';

const WORKLOADS = join(ROOT, 'examples', 'workloads');

for (const wl of ['redis', 'mariadb', 'etcd'] as const) {
  describe(`a rolling restart of a real workload: ${wl}`, function () {
    this.timeout(900_000);
    const ns = `wl-${wl}`;
    before(async () => {
      await lab('workload-images', wl);
      await kubectl('apply', '-f', join(WORKLOADS, `${wl}.yaml`));
      await kubectl('-n', ns, 'rollout', 'status', `statefulset/${wl}`, '--timeout=300s');
    });
    after(() => kubectl('delete', 'namespace', ns, '--ignore-not-found', '--wait=true', '--timeout=180s'));

    it('every pod replaced highest first, no acknowledged write lost, never two primaries', async () => {
      const r = await stsChaos([
        'run',
        '--config',
        join(WORKLOADS, `${wl}.sts-chaos.yaml`),
        '--suites',
        'updates',
        '--faults',
        'rolling-update',
        '--grep',
        'restart',
        '--skip',
        'ID-3 DNS',
      ]);
      const step = 'updates/rolling-update-restart';
      for (const id of ['ORD-3', 'VOL-3', 'SB-4', 'REC-1'])
        console.log(
          `      ${id} ${resultIn(r, step, id)?.status}: ${resultIn(r, step, id)?.reason.slice(0, 200)}`,
        );
      expect(r.code, why(r)).to.equal(0);
      for (const id of ['ORD-3', 'VOL-3', 'SB-1'])
        expect(resultIn(r, step, id)?.status, `${id}: ${resultIn(r, step, id)?.reason}`).to.equal('pass');
      expect(resultIn(r, step, 'SB-4')?.status, resultIn(r, step, 'SB-4')?.reason).to.not.equal('fail');
      await noRunLeft(ns);
    });
  });
}
