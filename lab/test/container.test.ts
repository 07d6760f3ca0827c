/**
 * The right container (issue 13, class 2): a sidecar listed first must not be what the faults, markers
 * and probe freeze act on. Needs `lab up`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { RunReport } from '../../src/report/types.ts';
import { noRunLeft, stsChaos, why } from './cli-helpers.ts';
import { kubectl, ROOT } from './helpers.ts';

const NS = 'ctl-sidecar';

describe('a target whose first container is a sidecar', function () {
  this.timeout(600_000);
  before(async () => {
    await kubectl('apply', '-f', join(ROOT, 'lab', 'manifests', 'controls', 'sidecar-first.yaml'));
    await kubectl('-n', NS, 'rollout', 'status', 'statefulset/app', '--timeout=120s');
  });
  after(() => kubectl('delete', 'namespace', NS, '--wait=false'));

  it('plan names the container that holds the state, and why', async () => {
    const r = await stsChaos(['plan', '--target', `${NS}/app`]);
    expect(r.code, why(r)).to.equal(0);
    expect(r.stdout).to.match(
      /container: server \(mounts the claim data, carries the readiness and liveness probes\)/,
    );
  });

  it('acts on that container: VOL-3 compares markers on its claim, the probe freeze breaks its probe', async () => {
    const r = await stsChaos([
      'run',
      '--target',
      `${NS}/app`,
      '--suites',
      'volumes,probes',
      '--faults',
      'process-kill,probe-breakage',
      '--budget',
      '2m',
    ]);
    expect(r.code, why(r)).to.equal(0);
    const rep = JSON.parse(readFileSync(join(r.dir, 'report.json'), 'utf8')) as RunReport;
    const result = (fault: string, id: string) =>
      rep.steps
        .find((s) => s.fault === fault && (id !== 'PRB-1' || s.title.includes('readiness')))
        ?.results.find((x) => x.id === id);
    for (const [fault, id] of [
      ['process-kill', 'VOL-3'],
      ['probe-breakage', 'PRB-1'],
    ] as const) {
      const x = result(fault, id);
      console.log(`      ${id} on ${fault}: ${x?.status}: ${x?.reason.slice(0, 140)}`);
      expect(x?.status, `${id}: ${x?.reason}`).to.equal('pass');
    }
    await noRunLeft(NS);
  });
});
