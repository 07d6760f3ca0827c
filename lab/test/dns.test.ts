/**
 * ID-3 from wherever sts-chaos runs (issue 13, class 6): the names are resolved from inside the
 * target's own pods, through exec. Before, ID-3 was skipped whenever sts-chaos ran outside the cluster,
 * and a Service that selects no pod passed. Needs `lab up`.
 */
import { expect } from 'chai';
import { stsChaos, why } from './cli-helpers.ts';
import { deploy, resultsOf } from './fixtures.ts';
import { kubectl } from './helpers.ts';

describe('ID-3 resolves from the target pods', function () {
  this.timeout(300_000);
  after(() =>
    Promise.all([
      kubectl('delete', 'namespace', 'ctl-dns', '--wait=false'),
      kubectl('delete', 'namespace', 'ctl-noshell', '--wait=false'),
    ]),
  );

  it('fails a target whose governing Service selects no pod, from outside the cluster (before: skipped, PASSED)', async () => {
    await deploy('dns-selects-nothing.yaml', 'ctl-dns', 'peers');
    const r = await stsChaos([
      'run',
      '--target',
      'ctl-dns/peers',
      '--suites',
      'identity',
      '--grep',
      'pod-kill graceful',
      '--dns-budget',
      '5s',
    ]);
    expect(r.code, why(r)).to.equal(1);
    const [x] = resultsOf(r, 'ID-3');
    console.log(`      ID-3: ${x?.status}: ${x?.reason.slice(0, 200)}`);
    expect(x?.status).to.equal('fail');
    expect(x?.reason).to.match(
      /peers-1\.peers\.ctl-dns\.svc did not resolve \(.*NXDOMAIN\) from peers-0\/app \(nslookup\)/,
    );
  });

  it('skips, naming why, when no pod of the target can resolve names and sts-chaos runs outside the cluster', async () => {
    await deploy('no-shell.yaml', 'ctl-noshell', 'bare');
    const r = await stsChaos([
      'run',
      '--target',
      'ctl-noshell/bare',
      '--suites',
      'identity',
      '--grep',
      'pod-kill graceful',
    ]);
    expect(r.code, why(r)).to.equal(0);
    const [x] = resultsOf(r, 'ID-3');
    expect(x?.status).to.equal('skip');
    expect(x?.reason).to.match(
      /^DNS was not sampled: no pod of the target could resolve names \(bare-\d: .*no shell.*\), and sts-chaos runs outside the cluster$/,
    );
  });
});
