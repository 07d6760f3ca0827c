import { expect } from 'chai';
import { noRunLeft, stsChaos, why } from './cli-helpers.ts';
import { deploy, reportOf } from './fixtures.ts';
import { kubectl } from './helpers.ts';

const NS = 'ctl-sidecar';

describe('a target whose first container is a sidecar', function () {
  this.timeout(600_000);
  before(() => deploy('sidecar-first.yaml', NS, 'app'));
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
      // The liveness step is not what this asks (PRB-2 has its own tests): 20 s less.
      '--skip',
      'liveness',
      '--budget',
      '2m',
    ]);
    expect(r.code, why(r)).to.equal(0);
    const rep = reportOf(r);
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
