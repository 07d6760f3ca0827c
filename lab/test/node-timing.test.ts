import { join } from 'node:path';
import { expect } from 'chai';
import { agentServiceAccount, IMAGE, noAgentLeft, spreadDemo, withDeadMan } from './agent-fixtures.ts';
import { noRunLeft, stsChaos, why } from './cli-helpers.ts';
import { reportOf } from './fixtures.ts';
import { kubectl, kubectlJson, lab, ROOT } from './helpers.ts';

const NS = 'sts-demo';

/** The demo's pods recreated, so that they carry the tolerations the API server now gives. */
async function recreateDemo(): Promise<void> {
  await kubectl('apply', '-f', join(ROOT, 'lab', 'manifests', 'demo.yaml'));
  await kubectl('-n', NS, 'rollout', 'restart', 'statefulset/web');
  await kubectl('-n', NS, 'rollout', 'status', 'statefulset/web', '--timeout=180s');
}

interface Toleration {
  key?: string;
  tolerationSeconds?: number;
}

describe("node loss with a real cluster's timing (300 s tolerations, 50 s node-monitor grace)", function () {
  this.timeout(900_000);
  before(async () => {
    await lab('timing', 'default');
    await recreateDemo();
    await spreadDemo();
    await agentServiceAccount();
  });
  after(async () => {
    await lab('timing', 'lab');
    await recreateDemo();
  });

  it('node loss by the node agent passes on the demo without waiting 300 s: not evicted, the node back after the hold, the same incarnation Ready again', async () => {
    const pods = await kubectlJson<{
      items: { metadata: { name: string; uid: string }; spec: { tolerations?: Toleration[] } }[];
    }>('-n', NS, 'get', 'pods');
    const unreachable = pods.items[0]?.spec.tolerations?.find(
      (t) => t.key === 'node.kubernetes.io/unreachable',
    );
    expect(unreachable?.tolerationSeconds, 'the API server gave the default toleration').to.equal(300);
    const r = await stsChaos(
      [
        'run',
        '--target',
        `${NS}/web`,
        '--suites',
        'split-brain',
        '--faults',
        'node-loss',
        // The node agent, as a user's cluster runs it (the kubelet frozen, its containers left running).
        '--node-loss',
        'agent',
        '--node-loss-agent-image',
        IMAGE,
        '--budget',
        '3m',
      ],
      { env: withDeadMan },
    );
    console.log(`      exit ${r.code} in ${(r.ms / 1000).toFixed(1)} s`);
    expect(r.code, why(r)).to.equal(0);
    const rep = reportOf(r);
    const step = rep.steps.find((s) => s.fault === 'node-loss');
    const res = (id: string) => step?.results.find((x) => x.id === id);
    for (const x of step?.results ?? []) console.log(`      ${x.id} ${x.status}: ${x.reason.slice(0, 160)}`);
    expect(res('REC-1')?.status, res('REC-1')?.reason).to.equal('pass');
    expect(res('SB-2')?.status, res('SB-2')?.reason).to.equal('pass');
    expect(res('SB-2')?.reason).to.match(
      /not evicted .* not replaced for \d+(\.\d+)?s after lab-n\d went NotReady/,
    );
    expect(
      rep.timeline.entries.some((e) => e.kind === 'mark' && e.details?.observation === 'not-evicted'),
    ).to.equal(true);
    const victim = step?.title.split(' ').at(-1) ?? '';
    const before = pods.items.find((p) => p.metadata.name === victim);
    const after = await kubectlJson<{ metadata: { uid: string } }>('-n', NS, 'get', 'pod', victim);
    expect(after.metadata.uid, 'the same incarnation continued').to.equal(before?.metadata.uid);
    expect(r.ms, 'well under the 300 s tolerations').to.be.below(200_000);
    await noRunLeft(NS);
    await noAgentLeft(NS);
  });
});
