/**
 * The ordering suite compares something (issue 13, class 7): the halt step exercises ORD-4, and VOL-5
 * waits for the garbage collector under `whenScaled: Delete`. Needs `lab up`.
 */
import { expect } from 'chai';
import { noRunLeft, stsChaos, why } from './cli-helpers.ts';
import { deploy, resultIn } from './fixtures.ts';
import { kubectl, kubectlJson } from './helpers.ts';

const NS = 'ctl-scaledel';

describe('the ordering suite on a target with whenScaled: Delete', function () {
  this.timeout(600_000);
  before(() => deploy('when-scaled-delete.yaml', NS, 'kv'));
  after(() => kubectl('delete', 'namespace', NS, '--wait=false'));

  it('VOL-5 passes once the collector deleted the removed claim (before: FAIL, judged before the collector acted); ORD-4 is judged', async () => {
    const r = await stsChaos([
      'run',
      '--target',
      `${NS}/kv`,
      '--suites',
      'ordering',
      '--probe-break-command',
      'touch /tmp/unready',
      '--probe-heal-command',
      'rm -f /tmp/unready',
    ]);
    expect(r.code, why(r)).to.equal(0);
    const vol5 = resultIn(r, 'ordering/scale', 'VOL-5');
    const ord4 = resultIn(r, 'ordering/scale-halt', 'ORD-4');
    console.log(`      VOL-5: ${vol5?.status}: ${vol5?.reason}`);
    console.log(`      ORD-4: ${ord4?.status}: ${ord4?.reason.slice(0, 200)}`);
    expect(vol5?.status, vol5?.reason).to.equal('pass');
    expect(vol5?.reason).to.match(/claims deleted \(whenScaled: Delete\)/);
    expect(ord4?.status, ord4?.reason).to.equal('pass');
    expect(ord4?.reason).to.match(/while kv-1 .* was not Ready .* first new pod only at/);
    const pvcs = await kubectlJson<{ items: { metadata: { name: string } }[] }>('-n', NS, 'get', 'pvc');
    expect(pvcs.items.map((p) => p.metadata.name).sort()).to.deep.equal(['data-kv-0', 'data-kv-1']);
    await noRunLeft(NS);
  });
});
