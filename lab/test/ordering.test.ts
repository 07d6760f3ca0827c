/**
 * The ordering suite compares something (issue 13, class 7): the halt step exercises ORD-4, and VOL-5
 * waits for the garbage collector under `whenScaled: Delete`. Needs `lab up`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { RunReport } from '../../src/report/types.ts';
import { noRunLeft, stsChaos, why } from './cli-helpers.ts';
import { kubectl, kubectlJson, ROOT } from './helpers.ts';

const NS = 'ctl-scaledel';

describe('the ordering suite on a target with whenScaled: Delete', function () {
  this.timeout(600_000);
  before(async () => {
    await kubectl('apply', '-f', join(ROOT, 'lab', 'manifests', 'controls', 'when-scaled-delete.yaml'));
    await kubectl('-n', NS, 'rollout', 'status', 'statefulset/kv', '--timeout=120s');
  });
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
    const rep = JSON.parse(readFileSync(join(r.dir, 'report.json'), 'utf8')) as RunReport;
    const result = (step: string, id: string) =>
      rep.steps.find((s) => s.step === step)?.results.find((x) => x.id === id);
    const vol5 = result('ordering/scale', 'VOL-5');
    const ord4 = result('ordering/scale-halt', 'ORD-4');
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
