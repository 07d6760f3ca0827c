/**
 * The recreate suite on the demo (in its own namespace): the StatefulSet deleted with its pods orphaned
 * and re-created (every pod adopted as it runs: ADOPT-1), then deleted with its pods and re-created (the
 * claims kept under Retain, the pods back in order on them with their data). PASSED, the StatefulSet there
 * again as saved, nothing of the run left.
 */
import type * as k8s from '@kubernetes/client-node';
import { expect } from 'chai';
import { noRunLeft, stsChaos, why } from './cli-helpers.ts';
import { reportOf, resultIn } from './fixtures.ts';
import { kubectl, kubectlJson } from './helpers.ts';
import { savedSpec } from './recreate-fixtures.ts';
import { demoAs } from './update-fixtures.ts';

describe('the recreate suite on the demo', function () {
  this.timeout(600_000);
  const ns = 'rec-demo';
  after(() => kubectl('delete', 'namespace', ns, '--wait=false', '--ignore-not-found'));

  it('orphan and re-create: every pod adopted, no restart; delete and re-create: claims and data kept', async () => {
    await demoAs(ns);
    const before = await savedSpec(ns);
    const claims = await kubectlJson<{ items: k8s.V1PersistentVolumeClaim[] }>('-n', ns, 'get', 'pvc');
    const r = await stsChaos(['run', '--target', `${ns}/web`, '--suites', 'recreate', '--skip', 'ID-3 DNS']);
    for (const s of reportOf(r).steps)
      for (const x of s.results)
        if (['ADOPT-1', 'VOL-5', 'VOL-2', 'ORD-1', 'REC-1'].includes(x.id))
          console.log(`      ${s.step} ${x.id} ${x.status}: ${x.reason.slice(0, 200)}`);
    expect(r.code, why(r)).to.equal(0);
    expect(resultIn(r, 'recreate/orphan', 'ADOPT-1')?.status).to.equal('pass');
    expect(resultIn(r, 'recreate/delete', 'VOL-5')?.status).to.equal('pass');
    expect(resultIn(r, 'recreate/delete', 'VOL-3')?.status).to.equal('pass');
    expect(resultIn(r, 'recreate/delete', 'ORD-1')?.status).to.equal('pass');
    // The same StatefulSet as saved, and the same claims (Retain).
    expect(await savedSpec(ns)).to.deep.equal(before);
    const after = await kubectlJson<{ items: k8s.V1PersistentVolumeClaim[] }>('-n', ns, 'get', 'pvc');
    expect(after.items.map((c) => c.metadata?.uid).sort()).to.deep.equal(
      claims.items.map((c) => c.metadata?.uid).sort(),
    );
    await noRunLeft(ns);
  });
});
