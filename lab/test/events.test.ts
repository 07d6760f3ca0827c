/**
 * The fault windows as Kubernetes Events, on the lab: a pod kill and a cordon on the demo, then the run's
 * Events listed as `kubectl get events` lists them: every one in the target's namespace, from sts-chaos,
 * FaultInjected then FaultRecovered per step on the StatefulSet and the victim pod (the cordon's reverts
 * too), one RunFinished last; their times are the step's own (injected, recovered). `--no-events`: none.
 */
import type * as k8s from '@kubernetes/client-node';
import { expect } from 'chai';
import { stsChaos, why } from './cli-helpers.ts';
import { reportOf } from './fixtures.ts';
import { kubectlJson } from './helpers.ts';

type Ev = k8s.CoreV1Event & { eventTime?: string };

async function eventsOf(runId: string): Promise<Ev[]> {
  const list = await kubectlJson<{ items: Ev[] }>('get', 'events', '-A', '-l', `sts-chaos.io/run=${runId}`);
  return list.items.sort((a, b) => String(a.eventTime).localeCompare(String(b.eventTime)));
}

describe('fault windows as Kubernetes Events', function () {
  this.timeout(300_000);
  const args = [
    'run',
    '--target',
    'sts-demo/web',
    '--suites',
    'identity,split-brain',
    '--faults',
    'pod-kill,node-cordon',
  ];

  it('a pod kill and a cordon: injected, recovered (the cordon reverted), then RunFinished, in the target namespace', async () => {
    const r = await stsChaos([...args, '--grep', 'graceful|node-cordon', '--skip', 'ID-3 DNS']);
    expect(r.code, why(r)).to.equal(0);
    const rep = reportOf(r);
    const evs = await eventsOf(rep.runId);
    for (const e of evs)
      console.log(
        `      ${e.eventTime} ${e.involvedObject.kind}/${e.involvedObject.name} ${e.reason}: ${e.message?.slice(0, 120)}`,
      );
    expect(evs.every((e) => e.metadata?.namespace === 'sts-demo')).to.equal(true);
    expect(evs.every((e) => e.source?.component === 'sts-chaos')).to.equal(true);
    expect(evs.some((e) => e.reason === 'FaultAborted')).to.equal(false);
    const timed = rep.steps.filter((s) => s.timing);
    expect(timed.length).to.be.greaterThan(0);
    for (const s of timed) {
      const mine = evs.filter((e) => e.metadata?.annotations?.['sts-chaos.io/step'] === s.step);
      for (const kind of ['StatefulSet', 'Pod']) {
        const reasons = mine.filter((e) => e.involvedObject.kind === kind).map((e) => e.reason);
        expect(reasons.indexOf('FaultInjected'), `${s.step} ${kind}: ${reasons}`).to.be.at.least(0);
        expect(reasons.indexOf('FaultRecovered'), `${s.step} ${kind}: ${reasons}`).to.be.greaterThan(
          reasons.indexOf('FaultInjected'),
        );
      }
      const recovered = mine.find(
        (e) => e.reason === 'FaultRecovered' && e.involvedObject.kind === 'StatefulSet',
      );
      const secs = ((s.timing?.recoveredAt ?? 0) - (s.timing?.injectedAt ?? 0)) / 1000;
      expect(recovered?.metadata?.annotations?.['sts-chaos.io/recovery-seconds']).to.equal(secs.toFixed(3));
    }
    const cordon = evs.filter(
      (e) => e.metadata?.annotations?.['sts-chaos.io/step'] === 'split-brain/node-cordon',
    );
    expect(cordon.some((e) => e.reason === 'FaultReverted')).to.equal(true);
    const last = evs.at(-1);
    expect(last?.reason).to.equal('RunFinished');
    expect(last?.involvedObject.kind).to.equal('StatefulSet');
    expect(evs.filter((e) => e.reason === 'RunFinished')).to.have.length(1);
  });

  it('--no-events: the run makes none, and plan says so', async () => {
    const plan = await stsChaos(['plan', '--target', 'sts-demo/web', '--no-events']);
    expect(plan.stdout).to.match(/events: off \(--no-events\)/);
    const r = await stsChaos([...args, '--grep', 'graceful', '--skip', 'ID-3 DNS', '--no-events']);
    expect(r.code, why(r)).to.equal(0);
    expect(await eventsOf(reportOf(r).runId)).to.have.length(0);
  });
});
