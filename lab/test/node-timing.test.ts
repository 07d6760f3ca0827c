/**
 * Node loss with a real cluster's timing (issue 13, class 4). The lab shortens the default not-ready and
 * unreachable tolerations to 10 s; a default cluster gives every pod 300 s. The control carries those
 * 300 s tolerations itself (what the API server adds on a default cluster), so both timings run on one
 * lab: the shortened one in run.test.ts (evicted, replaced), the default one here (not evicted: after
 * the hold the node comes back and the same incarnation continues). Needs `lab up`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { RunReport } from '../../src/report/types.ts';
import { noRunLeft, stsChaos, why } from './cli-helpers.ts';
import { kubectl, kubectlJson, ROOT } from './helpers.ts';

const NS = 'ctl-tolerate';

describe('node loss with the default 300 s tolerations', function () {
  this.timeout(600_000);
  before(async () => {
    await kubectl('apply', '-f', join(ROOT, 'lab', 'manifests', 'controls', 'tolerations-300s.yaml'));
    await kubectl('-n', NS, 'rollout', 'status', 'statefulset/patient', '--timeout=120s');
  });
  after(() => kubectl('delete', 'namespace', NS, '--wait=false'));

  it('passes without waiting 300 s: not evicted, the node back after the hold, the same incarnation Ready again', async () => {
    const before = await kubectlJson<{ metadata: { uid: string } }>('-n', NS, 'get', 'pod', 'patient-1');
    const r = await stsChaos([
      'run',
      '--target',
      `${NS}/patient`,
      '--suites',
      'split-brain',
      '--faults',
      'node-loss',
      '--node-loss',
      'lab',
      '--budget',
      '3m',
    ]);
    console.log(`      exit ${r.code} in ${(r.ms / 1000).toFixed(1)} s`);
    expect(r.code, why(r)).to.equal(0);
    const rep = JSON.parse(readFileSync(join(r.dir, 'report.json'), 'utf8')) as RunReport;
    const step = rep.steps.find((s) => s.fault === 'node-loss');
    const res = (id: string) => step?.results.find((x) => x.id === id);
    for (const x of step?.results ?? []) console.log(`      ${x.id} ${x.status}: ${x.reason.slice(0, 160)}`);
    expect(res('REC-1')?.status, res('REC-1')?.reason).to.equal('pass');
    expect(res('SB-2')?.status, res('SB-2')?.reason).to.equal('pass');
    expect(
      rep.timeline.entries.some((e) => e.kind === 'mark' && e.details?.observation === 'not-evicted'),
    ).to.equal(true);
    const after = await kubectlJson<{ metadata: { uid: string } }>('-n', NS, 'get', 'pod', 'patient-1');
    expect(after.metadata.uid, 'the same incarnation continued').to.equal(before.metadata.uid);
    expect(r.ms, 'well under the 300 s tolerations').to.be.below(200_000);
    await noRunLeft(NS);
  });
});
