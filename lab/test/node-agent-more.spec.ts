/**
 * More of the node agent, run by `npm run test:lab:agent` (not in the suite's time budget): the partition
 * from outside the cluster (the CLI) and the power-off with the out-of-service fence; a reaper that
 * force-deletes the lost pod while its node is frozen fails SB-2 with the window the agent saw. Needs `lab up` and
 * `npm run image`.
 */
import { join } from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { expect } from 'chai';
import {
  agentArgs,
  agentServiceAccount,
  allNodesReady,
  busiestNode,
  IMAGE,
  installAgentChart,
  jobEnd,
  lostThenBack,
  noAgentLeft,
  nothingLeft,
  spreadDemo,
  uninstallAgentChart,
  unkillableIn,
  withDeadMan,
} from './agent-fixtures.ts';
import { start, stsChaos, why } from './cli-helpers.ts';
import { deploy, reportOf, resultsOf } from './fixtures.ts';
import { isReady, kubectl, kubectlJson, Recorder, ROOT } from './helpers.ts';

/**
 * The lab's CoreDNS pinned to a node: `away` (the node with most of the demo's pods, not the one node loss
 * takes: the fence is refused while another workload runs on the lost node) or `onVictim` (that node: the
 * fence guard's control). Returns what puts it back.
 */
async function coreDns(where: 'away' | 'onVictim'): Promise<() => Promise<void>> {
  const pods = await kubectlJson<{ items: k8s.V1Pod[] }>('-n', 'sts-demo', 'get', 'pods', '-l', 'app=web');
  const count = new Map<string, number>();
  for (const p of pods.items) count.set(p.spec?.nodeName ?? '', (count.get(p.spec?.nodeName ?? '') ?? 0) + 1);
  const sorted = [...count].sort((x, y) => y[1] - x[1]);
  const node = (where === 'away' ? sorted[0] : sorted.at(-1))?.[0] ?? '';
  const dns = (sel: unknown) =>
    kubectl(
      '-n',
      'kube-system',
      'patch',
      'deployment',
      'coredns',
      '--type',
      'merge',
      '-p',
      JSON.stringify({ spec: { template: { spec: { nodeSelector: sel } } } }),
    );
  await dns({ 'kubernetes.io/hostname': node });
  await kubectl('-n', 'kube-system', 'rollout', 'status', 'deployment/coredns', '--timeout=120s');
  return async () => {
    await dns(null);
    await kubectl('-n', 'kube-system', 'rollout', 'status', 'deployment/coredns', '--timeout=120s');
  };
}

async function noOutOfServiceTaint(): Promise<void> {
  const nodes = await kubectlJson<{ items: k8s.V1Node[] }>('get', 'nodes');
  for (const n of nodes.items)
    expect((n.spec?.taints ?? []).map((t) => t.key)).to.not.include('node.kubernetes.io/out-of-service');
}

describe('node loss by the node agent: more', function () {
  this.timeout(600_000);

  before(async () => {
    await deploy(join(ROOT, 'lab', 'manifests', 'demo.yaml'), 'sts-demo', 'web');
    await agentServiceAccount();
  });
  beforeEach(spreadDemo);

  it('a reaper that force-deletes the lost pod while its node is frozen: SB-2 FAILED, with the window the agent saw', async () => {
    const r = await stsChaos(agentArgs(), {
      env: {
        ...withDeadMan,
        STS_CHAOS_NODE_LOSS_FORCE_DELETE_LOST_POD: 'true',
        STS_CHAOS_NODE_LOSS_CONTAINERS_LEFT_RUNNING: 'false',
      },
    });
    expect(r.code, why(r)).to.equal(1);
    const [sb2] = resultsOf(r, 'SB-2');
    expect(sb2?.status).to.equal('fail');
    expect(sb2?.reason).to.match(
      /released by force delete .* was still running on lab-n\d at .* \(seen there: sts-demo\/web-\d\/web\): split-brain window \d+(\.\d)?s/,
    );
    await allNodesReady();
    await noAgentLeft('sts-demo');
  });

  it('partition on the demo: PASSED; the node NotReady, back Ready; no agent pod, nothing in the ledger', async () => {
    const nodes = await Recorder.start<k8s.V1Node>('/api/v1/nodes');
    try {
      const r = await stsChaos(agentArgs(), { env: withDeadMan });
      expect(r.code, why(r)).to.equal(0);
      expect(r.stderr).to.match(/ended by requested \(the run asked to resume lab-n\d/);
      for (const id of ['SB-1', 'SB-2', 'SB-3']) expect(resultsOf(r, id)[0]?.status, id).to.equal('pass');
      expect(
        nodes.events.some((e) => !isReady(e.object)),
        'a node went NotReady',
      ).to.equal(true);
    } finally {
      nodes.stop();
    }
    await nothingLeft('sts-demo');
  });

  it('power-off with the out-of-service fence, by helm install: the ordinal moves, VOL-3 intact, the taint removed after', async () => {
    // The fence is refused while another workload runs on the node: the lab's CoreDNS goes elsewhere.
    const back = await coreDns('away');
    try {
      await installAgentChart('poweroff', 'nodeLoss.kind=power-off', 'nodeLoss.fence=out-of-service');
      const ended = await jobEnd('sts-demo', 'poweroff-sts-chaos-1', 400_000);
      const log = await kubectl('-n', 'sts-demo', 'logs', 'job/poweroff-sts-chaos-1');
      expect(ended, log.split('\n').slice(-15).join('\n')).to.equal('Complete');
      expect(log).to.match(/fenced node lab-n\d with node.kubernetes.io\/out-of-service/);
      expect(log).to.match(/SB-2 PASS: .*released by out-of-service taint/);
      expect(log).to.match(/PASS VOL-3/);
      expect(log).to.match(/verdict: PASSED \(exit 0\)/);
    } finally {
      await uninstallAgentChart('poweroff');
      await back();
    }
    await noOutOfServiceTaint();
    await nothingLeft('sts-demo');
  });

  it("the fence guard's control: another workload (the lab's CoreDNS) on the lost node: not fenced, and said", async () => {
    // Before the guard: the node was tainted, and the taint would have released CoreDNS's pod while the
    // power-off (which kills only the target's containers) left it running.
    const back = await coreDns('onVictim');
    const r = await stsChaos(agentArgs('--node-loss-kind', 'power-off', '--fence', 'out-of-service'), {
      env: withDeadMan,
    }).finally(back);
    expect(r.stderr).to.match(/not fenced: .*kube-system\/coredns-/);
    expect(r.stderr).to.not.match(/fenced node lab-n\d with/);
    expect(r.code, why(r)).to.be.oneOf([0, 1]);
    await noOutOfServiceTaint();
    await nothingLeft('sts-demo');
  });

  it('a power-off that cannot kill (a process frozen by the cgroup freezer): the agent resumes the kubelet and says so; no fence', async () => {
    // Before (fe55f11): the agent sent SIGKILL and did not look; the run fenced the node while a process
    // of the old pod still existed there, and its replacement ran beside it.
    const back = await coreDns('away');
    const pods = await kubectlJson<{ items: k8s.V1Pod[] }>('-n', 'sts-demo', 'get', 'pods', '-l', 'app=web');
    const crowded = await busiestNode();
    const victim = pods.items.find((p) => p.spec?.nodeName !== crowded)?.metadata?.name ?? '';
    const stuck = await unkillableIn('sts-demo', victim);
    const r = await stsChaos(agentArgs('--node-loss-kind', 'power-off', '--fence', 'out-of-service'), {
      env: withDeadMan,
    }).finally(async () => {
      await stuck.thaw();
      await back();
    });
    expect(r.code, why(r)).to.equal(1);
    expect(r.stderr, why(r)).to.match(
      new RegExp(`power-off: processes [0-9, ]*${stuck.pid}[0-9, ]* still run 2 s after SIGKILL`),
    );
    expect(r.stderr).to.not.match(/fenced node lab-n\d with/);
    await noOutOfServiceTaint();
    await nothingLeft('sts-demo');
  });

  it("the agent pod force-deleted mid-freeze (no Lease to read): the kubelet resumes by the agent's deadline", async () => {
    // Without the agent's service account the freeze lasts exactly its deadline: the hold (20 s) + 15 s.
    const run = start(agentArgs('--node-loss-hold', '20s'));
    const { node, ms } = await lostThenBack(() =>
      kubectl(
        '-n',
        'sts-demo',
        'delete',
        'pod',
        '-l',
        'sts-chaos.io/agent',
        '--grace-period=0',
        '--force',
      ).then(() => undefined),
    );
    console.log(
      `      ${node} Ready again ${(ms / 1000).toFixed(1)} s after the agent pod was force-deleted`,
    );
    const r = await run.done;
    expect(r.code, why(r)).to.be.oneOf([0, 1]);
    await nothingLeft('sts-demo');
  });

  it("the Job's pod force-deleted mid-freeze: the dead-man's switch resumes the kubelet; helm uninstall's hook leaves nothing", async () => {
    await installAgentChart('killed');
    try {
      const { node, ms } = await lostThenBack(
        () =>
          kubectl(
            '-n',
            'sts-demo',
            'delete',
            'pod',
            '-l',
            'job-name=killed-sts-chaos-1',
            '--grace-period=0',
            '--force',
          ).then(() => undefined),
        { down: 180_000, up: 120_000 },
      );
      console.log(
        `      dead-man's switch: ${node} Ready again ${(ms / 1000).toFixed(1)} s after the Job's pod was force-deleted`,
      );
      expect(ms).to.be.below(75_000);
    } finally {
      await uninstallAgentChart('killed');
    }
    await nothingLeft('sts-demo');
  });

  it("SB-4 hears the lost node's own copy: the agent runs the role query inside the old container", async () => {
    // Before: the role query ran through exec only, which a frozen kubelet cannot serve: the old
    // incarnation's role was "not observed" while its node was lost.
    const role = '[ "$(hostname)" = web-0 ] && echo primary || echo replica';
    const r = await stsChaos(agentArgs('--role-query', role), { env: withDeadMan });
    expect(r.code, why(r)).to.equal(0);
    const fromNode = reportOf(r).timeline.entries.filter(
      (e) => e.kind === 'sample' && e.probe === 'role' && (e.via ?? '').startsWith('node agent on '),
    );
    expect(fromNode.length, 'role samples made on the lost node').to.be.greaterThan(0);
    const [sb4] = resultsOf(r, 'SB-4');
    expect(sb4?.status, sb4?.reason).to.equal('pass');
    expect(sb4?.reason).to.not.match(/not observed/);
  });

  it('process kill of a PID 1 without a handler: killed from the node instead of skipped', async () => {
    // Before: "PID 1 of sleeper-1 (sleep …) has no SIGTERM handler …: the kill would do nothing": skipped.
    // Another test file may have left it terminating.
    await kubectl('wait', '--for=delete', 'namespace/ctl-nohandler', '--timeout=180s').catch(() => undefined);
    await deploy('pid1-no-handler.yaml', 'ctl-nohandler', 'sleeper');
    const r = await stsChaos([
      'run',
      '--target',
      'ctl-nohandler/sleeper',
      '--suites',
      'volumes',
      '--faults',
      'process-kill',
      '--node-loss',
      'agent',
      '--node-loss-agent-image',
      IMAGE,
    ]);
    expect(r.code, why(r)).to.equal(0);
    expect(r.stderr).to.match(/killed with SIGKILL by node agent/);
    const vol1 = resultsOf(r, 'VOL-1');
    expect(vol1.length).to.be.greaterThan(0);
    for (const res of vol1) expect(res.status, res.reason).to.equal('pass');
    await noAgentLeft('ctl-nohandler');
  });

  after(async () => {
    for (const ns of ['ctl-nohandler'])
      await kubectl('delete', 'namespace', ns, '--wait=false', '--ignore-not-found');
  });
});
