/**
 * A real stateful workload under sts-chaos: Redis primary/replicas from examples/workloads (the fastest of
 * the three), its image built from Debian's packages by the lab verb: it reaches Ready replicating, and its
 * negative control (no persistence) must FAIL VOL-3. Every suite on it: `npm run test:lab:workloads`
 * (workloads-all.spec.ts). Needs `lab up`. The MariaDB and etcd workloads run with
 * examples/workloads/run-all.sh.
 */
import { join } from 'node:path';
import { expect } from 'chai';
import { kubectl, lab } from './helpers.ts';
import { deploy, lastLog, results, stsChaos, WORKLOADS } from './workload-fixtures.ts';

describe('a real workload under sts-chaos: Redis primary/replicas', function () {
  this.timeout(600_000);
  const namespaces = ['wl-redis', 'wl-redis-nopersist'];

  before(async () => {
    // Built from Debian's packages when missing (cached by recipe), imported into both nodes.
    await lab('workload-images', 'redis');
  });

  after(async () => {
    for (const ns of namespaces)
      await kubectl('delete', 'namespace', ns, '--ignore-not-found', '--wait=true', '--timeout=120s');
  });

  it('reaches Ready from its manifest, with both replicas replicating from the primary', async () => {
    await deploy(join(WORKLOADS, 'redis.yaml'), 'wl-redis');
    for (const replica of ['redis-1', 'redis-2']) {
      let info = '';
      for (let i = 0; i < 30 && !/master_link_status:up/.test(info); i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, 1000));
        info = await kubectl('-n', 'wl-redis', 'exec', replica, '--', 'redis-cli', 'info', 'replication');
      }
      expect(info).to.match(/role:slave/);
      expect(info).to.match(/master_host:redis-0\.redis\.wl-redis\.svc\.cluster\.local/);
      expect(info).to.match(/master_link_status:up/);
    }
  });

  it('its negative control (replicas and primary with no persistence on a claim) FAILS VOL-3', async () => {
    await deploy(join(WORKLOADS, 'controls', 'redis-no-persistence.yaml'), 'wl-redis-nopersist');
    const r = await stsChaos(join(WORKLOADS, 'controls', 'redis-no-persistence.sts-chaos.yaml'));
    console.log(`      (sts-chaos run on wl-redis-nopersist/redis: ${r.seconds}s, exit ${r.code})`);
    expect(r.code, lastLog(r)).to.equal(1);
    const failed = results(r, 'VOL-3').filter((x) => x.status === 'fail');
    expect(failed.length, 'VOL-3 failed').to.be.greaterThan(0);
    expect(failed.map((x) => x.reason).join(' ')).to.match(/lacks writes|marker/);
  });
});
