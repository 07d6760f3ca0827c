import { expect } from 'chai';
import { CATALOGUE } from '../../catalogue/index.ts';
import { RunConfigSchema } from '../../config/schema.ts';
import type { Victim } from '../../faults/types.ts';
import { demoTarget } from '../testing/target.ts';
import { faultPlan } from './fault-plan.ts';

const target = demoTarget();
const victim: Victim = { ordinal: 2, pod: 'web-2', uid: 'u2', node: 'n2', restartCount: 0 };
const cfg = (raw: Record<string, unknown> = {}) => RunConfigSchema.parse({ target: 'demo/web', ...raw });
const stepFault = (id: string) => {
  const step = CATALOGUE.flatMap((s) => s.steps).find((s) => s.id === id);
  if (!step) throw new Error(id);
  return step.make();
};

describe('faultPlan (what a guided step does and how it is reverted)', () => {
  it('names the pod, its node and the variant of a pod kill; nothing to revert', () => {
    expect(faultPlan(stepFault('identity/pod-kill-forced'), victim, target, cfg())).to.deep.equal({
      does: 'delete pod demo/web-2 (on node n2) with grace period 0 (forced)',
      revert: 'nothing to revert: the StatefulSet controller re-creates the pod under the same name',
    });
    expect(faultPlan(stepFault('identity/pod-kill-graceful'), victim, target, cfg()).does).to.match(
      /gracefully$/,
    );
  });

  it('says the claims a claim deletion destroys, and that nothing can revert it', () => {
    const p = faultPlan(stepFault('volumes/claim-deletion'), victim, target, cfg());
    expect(p.does).to.equal(
      'delete the claims data-web-2, then pod demo/web-2 (on node n2): THE DATA ON THEM IS LOST',
    );
    expect(p.revert).to.match(/^none possible/);
  });

  it('says the node and the uncordon of a cordon and a drain', () => {
    const drain = faultPlan(stepFault('split-brain/node-drain'), victim, target, cfg());
    expect(drain.does).to.match(/^cordon node n2 and evict pod demo\/web-2 .*Eviction API/);
    expect(drain.revert).to.match(/^uncordon node n2 \(in the fault ledger before it acts/);
  });

  it('says how node loss is done and undone, by its mode', () => {
    const f = stepFault('split-brain/node-loss');
    expect(faultPlan(f, victim, target, cfg()).does).to.match(/^nothing: node loss is off/);
    const agent = cfg({
      nodeLoss: { mode: 'agent', agentImage: 'img', kind: 'power-off', fence: 'out-of-service' },
    });
    const p = faultPlan(f, victim, target, agent);
    expect(p.does).to.match(
      /^freeze the kubelet of node n2 .* kill the target's containers there \(power-off\); taint it/,
    );
    expect(p.revert).to.match(/^resume the kubelet of node n2, and remove the out-of-service taint/);
    const cmd = cfg({ nodeLoss: { mode: 'command', downCommand: 'down {node}', upCommand: 'up {node}' } });
    expect(faultPlan(f, victim, target, cmd)).to.deep.include({
      revert: 'run "up n2" (in the fault ledger before it acts: it runs on failure and SIGTERM too)',
    });
  });

  it('says the probe freeze and its heal, or the user’s commands', () => {
    const f = stepFault('probes/probe-breakage-readiness');
    expect(faultPlan(f, victim, target, cfg()).does).to.match(
      /^freeze every process \(SIGSTOP\) of container web of pod demo\/web-2 .*hold up to 20s/,
    );
    const own = cfg({ probes: { breakCommand: 'mv a b', healCommand: 'mv b a' } });
    expect(faultPlan(f, victim, target, own).revert).to.match(/^run "mv b a"/);
  });

  it('says the replica counts of a scale and of the halt', () => {
    expect(faultPlan(stepFault('ordering/scale'), victim, target, cfg()).does).to.match(
      /^scale StatefulSet demo\/web from 3 to 4, then 2 /,
    );
    const halt = faultPlan(stepFault('ordering/scale-halt'), victim, target, cfg());
    expect(halt.does).to.match(/^break the readiness of pod demo\/web-2 .* from 3 to 4 while it is unready/);
    expect(halt.revert).to.match(/^scale StatefulSet demo\/web back to 3, and SIGCONT web-2/);
  });

  it('has a plan for every step of the catalogue', () => {
    for (const s of CATALOGUE.flatMap((x) => x.steps)) {
      const p = faultPlan(s.make(), victim, target, cfg());
      expect(p.does, s.id).to.be.a('string').and.not.equal('');
      expect(p.revert, s.id).to.be.a('string').and.not.equal('');
    }
  });
});
