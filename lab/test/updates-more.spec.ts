/**
 * More of the updates suite, run by `npm run test:lab:updates` (not in the suite's time budget): an OnDelete
 * target, a Parallel one, maxUnavailable 2 (a rollout and a bad release that breaks two ordinals: ORD-5's
 * lab control), a target with its own partition, the bad release on the demo (contained, rolled back;
 * whether the lab's Kubernetes needed the forced rollback is printed), and SIGKILL in the middle of a bad
 * release, then `cleanup`.
 */
import { expect } from 'chai';
import { noRunLeft, start, stsChaos, why } from './cli-helpers.ts';
import { reportOf, resultIn } from './fixtures.ts';
import { kubectl, kubectlJson, sleep } from './helpers.ts';
import { demoAs, expectAllReady, revisions, targetState } from './update-fixtures.ts';

const run = (ns: string, ...more: string[]) =>
  stsChaos(['run', '--target', `${ns}/web`, '--suites', 'updates', '--skip', 'ID-3 DNS', ...more]);

describe('the updates suite: more targets and the bad release', function () {
  this.timeout(900_000);
  const made: string[] = [];
  after(async () => {
    for (const ns of made) await kubectl('delete', 'namespace', ns, '--wait=false', '--ignore-not-found');
  });

  it('OnDelete: nothing changes by itself, then each pod deleted in turn comes back on the new revision', async () => {
    const ns = 'upd-ondelete';
    made.push(ns);
    await demoAs(ns, { strategy: '{type: OnDelete}' });
    const r = await run(ns);
    expect(r.code, why(r)).to.equal(0);
    const ord3 = resultIn(r, 'updates/rolling-update-on-delete', 'ORD-3');
    console.log(`      ORD-3 ${ord3?.status}: ${ord3?.reason.slice(0, 200)}`);
    expect(ord3?.status, ord3?.reason).to.not.equal('fail');
    expect(resultIn(r, 'updates/rolling-update-on-delete', 'VOL-3')?.status).to.equal('pass');
    expect(resultIn(r, 'updates/rolling-update-restart', 'ORD-3')?.reason).to.match(
      /updateStrategy is OnDelete/,
    );
    expectAllReady(await targetState(ns));
    await noRunLeft(ns);
  });

  it('Parallel: a rollout still goes one at a time, highest first (ORD-3 pass)', async () => {
    const ns = 'upd-parallel';
    made.push(ns);
    await demoAs(ns, { policy: 'Parallel' });
    const r = await run(ns, '--grep', 'restart');
    expect(r.code, why(r)).to.equal(0);
    const ord3 = resultIn(r, 'updates/rolling-update-restart', 'ORD-3');
    expect(ord3?.status, ord3?.reason).to.equal('pass');
    await noRunLeft(ns);
  });

  it('minReadySeconds 5: each pod replaced only once the previous was Ready for 5 s (ORD-3 judges it)', async () => {
    const ns = 'upd-minready';
    made.push(ns);
    await demoAs(ns, { minReadySeconds: 5 });
    const r = await run(ns, '--grep', 'restart');
    expect(r.code, why(r)).to.equal(0);
    const ord3 = resultIn(r, 'updates/rolling-update-restart', 'ORD-3');
    console.log(`      ORD-3 ${ord3?.status}: ${ord3?.reason.slice(0, 240)}`);
    expect(ord3?.status, ord3?.reason).to.equal('pass');
    expect(ord3?.reason).to.match(/5s old \(minReadySeconds\)/);
    await noRunLeft(ns);
  });

  // The lab turns MaxUnavailableStatefulSet on (beta and on from Kubernetes 1.35): the controller replaces
  // up to maxUnavailable pods at once, under OrderedReady too.
  it('maxUnavailable 2: two pods replaced at once, highest first (ORD-3 pass, and its reason says so)', async () => {
    const ns = 'upd-maxunavail';
    made.push(ns);
    await demoAs(ns, { strategy: '{type: RollingUpdate, rollingUpdate: {maxUnavailable: 2}}' });
    const r = await run(ns, '--grep', 'restart', '--max-disrupted', '2');
    expect(r.code, why(r)).to.equal(0);
    const ord3 = resultIn(r, 'updates/rolling-update-restart', 'ORD-3');
    console.log(`      ORD-3 ${ord3?.status}: ${ord3?.reason.slice(0, 240)}`);
    expect(ord3?.status, ord3?.reason).to.equal('pass');
    expect(ord3?.reason).to.match(/up to 2 not Ready at once \(maxUnavailable 2\), never more/);
    expect(ord3?.measurements?.atOnce).to.equal(2);
    await noRunLeft(ns);
  });

  it('a bad release under maxUnavailable 2 breaks two ordinals: ORD-5 fails and names maxUnavailable', async () => {
    const ns = 'upd-maxunavail-bad';
    made.push(ns);
    await demoAs(ns, { strategy: '{type: RollingUpdate, rollingUpdate: {maxUnavailable: 2}}' });
    const image = (await targetState(ns)).image;
    const r = await run(ns, '--faults', 'bad-release', '--grep', 'bad-release', '--max-disrupted', '2');
    expect(r.code, why(r)).to.equal(1);
    const step = reportOf(r).steps.find((s) => s.step === 'updates/bad-release');
    expect(step?.error, 'the fault proved its effect (on web-1, made first)').to.equal(undefined);
    const ord5 = resultIn(r, 'updates/bad-release', 'ORD-5');
    console.log(`      ORD-5 ${ord5?.status}: ${ord5?.reason.slice(0, 300)}`);
    expect(ord5?.status).to.equal('fail');
    expect(ord5?.reason).to.match(
      /not the highest ordinal web-2 \(maxUnavailable 2: .* breaks up to 2 ordinals\)/,
    );
    const state = await targetState(ns);
    expect(state.image, 'the template restored exactly').to.equal(image);
    expectAllReady(state);
    await noRunLeft(ns);
  });

  it("a target with its own partition (1): only ordinals 1.. change, and the user's partition is back", async () => {
    const ns = 'upd-partitioned';
    made.push(ns);
    await demoAs(ns, { strategy: '{type: RollingUpdate, rollingUpdate: {partition: 1}}' });
    const before = await revisions(ns);
    const r = await run(ns, '--grep', 'restart');
    expect(r.code, why(r)).to.equal(0);
    expect(resultIn(r, 'updates/rolling-update-restart', 'ORD-3')?.status).to.equal('pass');
    const after = await revisions(ns);
    expect(after['web-0'], 'web-0 below the partition keeps its revision').to.equal(before['web-0']);
    expect(after['web-2']).to.not.equal(before['web-2']);
    expect((await targetState(ns)).partition).to.equal(1);
    await noRunLeft(ns);
  });

  it('a bad release on the demo: contained to the highest ordinal, rolled back, the set whole again', async () => {
    const ns = 'upd-bad';
    made.push(ns);
    await demoAs(ns);
    const image = (await targetState(ns)).image;
    const r = await run(ns, '--faults', 'bad-release', '--grep', 'bad-release');
    expect(r.code, why(r)).to.equal(0);
    const rep = reportOf(r);
    const step = rep.steps.find((s) => s.step === 'updates/bad-release');
    for (const x of step?.results ?? []) console.log(`      ${x.id} ${x.status}: ${x.reason.slice(0, 160)}`);
    const forced = rep.timeline.entries.some(
      (e) => e.kind === 'mark' && e.mark === 'step' && e.details?.step === 'forced-rollback',
    );
    console.log(
      `      the lab's Kubernetes ${forced ? 'needed' : 'did not need'} the forced rollback (OrderedReady)`,
    );
    // The report says which behaviour this cluster version and policy gave (a finding of the step).
    expect(step?.findings?.join('\n')).to.match(
      forced
        ? /rollback needed a manual pod deletion \(forced rollback\): web-2 .*\(OrderedReady, Kubernetes v\d/
        : /the controller rolled the bad release back by itself .*\(OrderedReady, Kubernetes v\d/,
    );
    for (const id of ['VOL-3', 'SB-1', 'REC-1'])
      expect(resultIn(r, 'updates/bad-release', id)?.status, id).to.equal('pass');
    const state = await targetState(ns);
    expect(state.image, 'the template restored exactly').to.equal(image);
    expectAllReady(state);
    await noRunLeft(ns);
  });

  it("SIGKILL in the middle of a bad release, then cleanup: the template is the user's again, every pod Ready", async () => {
    const ns = 'upd-killed';
    made.push(ns);
    await demoAs(ns);
    const image = (await targetState(ns)).image;
    const s = start([
      'run',
      '--target',
      `${ns}/web`,
      '--suites',
      'updates',
      '--faults',
      'bad-release',
      '--grep',
      'bad-release',
    ]);
    // Wait for the broken pod: the highest ordinal waiting on a pull that cannot succeed.
    let broken = false;
    for (const until = Date.now() + 180_000; !broken && Date.now() < until; await sleep(1000)) {
      const p = await kubectlJson<{
        status?: { containerStatuses?: { state?: { waiting?: { reason?: string } } }[] };
      }>('-n', ns, 'get', 'pod', 'web-2').catch(() => undefined);
      const w = p?.status?.containerStatuses?.[0]?.state?.waiting?.reason ?? '';
      broken = /ErrImagePull|ImagePullBackOff/.test(w);
    }
    expect(broken, 'web-2 stuck on the bad image').to.equal(true);
    s.child.kill('SIGKILL');
    await s.done;
    expect((await targetState(ns)).image).to.not.equal(image);
    const c = await stsChaos(['cleanup', '--target', `${ns}/web`]);
    expect(c.code, why(c)).to.equal(0);
    await kubectl('-n', ns, 'rollout', 'status', 'statefulset/web', '--timeout=180s');
    const state = await targetState(ns);
    expect(state.image).to.equal(image);
    expectAllReady(state);
    await noRunLeft(ns);
  });

  it("SIGKILL in the middle of the partition step, then cleanup: the user's partition again, every pod Ready", async () => {
    const ns = 'upd-killed-partition';
    made.push(ns);
    await demoAs(ns);
    const s = start([
      'run',
      '--target',
      `${ns}/web`,
      '--suites',
      'updates',
      '--grep',
      'partition',
      '--skip',
      'ID-3 DNS',
    ]);
    // Wait until sts-chaos set its partition (R-1 = 2).
    let set = false;
    for (const until = Date.now() + 120_000; !set && Date.now() < until; await sleep(500))
      set = (await targetState(ns)).partition === 2;
    expect(set, 'the partition set by the step').to.equal(true);
    s.child.kill('SIGKILL');
    await s.done;
    const c = await stsChaos(['cleanup', '--target', `${ns}/web`]);
    expect(c.code, why(c)).to.equal(0);
    expect((await targetState(ns)).partition ?? 0, "the user's partition (0)").to.equal(0);
    await kubectl('-n', ns, 'rollout', 'status', 'statefulset/web', '--timeout=180s');
    expectAllReady(await targetState(ns));
    await noRunLeft(ns);
  });
});
