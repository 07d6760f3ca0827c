/**
 * Node loss by the node agent (issue 14), for real, in the suite: a privileged hostPID pod on the victim's
 * node freezes that node's kubelet and always resumes it. The chart runs it as a Job with no commands
 * (PASSED); a killed run's freeze is ended by the agent's dead-man's switch; a namespace whose Pod Security forbids
 * the agent is refused before anything is touched.
 * More (partition from outside, power-off with the fence, process kill from the node, the role query,
 * the agent's deadline, SB-2 failed by a reaper that force-deletes the lost pod, with the window the agent
 * saw on the node): node-agent-more.spec.ts (SB-2's negative control in npm test: run.test.ts, lab mode). Needs `lab up` and
 * `npm run image`.
 */
import { join } from 'node:path';
import { expect } from 'chai';
import {
  agentArgs,
  agentServiceAccount,
  installAgentChart,
  jobEnd,
  leaseHeld,
  lostThenBack,
  noAgentLeft,
  nothingLeft,
  spreadDemo,
  uninstallAgentChart,
  withDeadMan,
} from './agent-fixtures.ts';
import { noRunLeft, start, stsChaos, why } from './cli-helpers.ts';
import { deploy } from './fixtures.ts';
import { kubectl, ROOT } from './helpers.ts';

describe('node loss by the node agent', function () {
  this.timeout(600_000);

  before(async () => {
    await deploy(join(ROOT, 'lab', 'manifests', 'demo.yaml'), 'sts-demo', 'web');
    await agentServiceAccount();
  });
  beforeEach(spreadDemo);

  it('helm install with faults.nodeLoss: the Job runs the split-brain suite with the agent, no commands: PASSED', async () => {
    await installAgentChart('agent');
    try {
      // `cleanup` started while the Job's run holds the Lease waits for it; that run ends normally (its
      // Lease deleted): cleanup has nothing left to do, exit 0.
      await leaseHeld('sts-demo', 'sts-chaos-web', 120_000);
      const cleanup = start(['cleanup', '--target', 'sts-demo/web']);
      const ended = await jobEnd('sts-demo', 'agent-sts-chaos-1', 400_000);
      const log = await kubectl('-n', 'sts-demo', 'logs', 'job/agent-sts-chaos-1');
      expect(ended, log.split('\n').slice(-15).join('\n')).to.equal('Complete');
      const c = await cleanup.done;
      expect(c.code, why(c)).to.equal(0);
      expect(c.stderr + c.stdout).to.match(/waits for|renewed|held by/);
      expect(c.stderr + c.stdout).to.match(/cleanup of sts-demo\/web: nothing to revert/);
      // The preflight's look at the node: the kubelet a hold freezes, before any fault.
      expect(log).to.match(
        /node agent on lab-n\d \(a look, nothing touched\): the kubelet is PID \d+ .*systemd backstop: none \(the host's PID 1 is/,
      );
      expect(log).to.match(/ended by requested/);
      expect(log).to.match(/SB-2 PASS/);
      expect(log).to.match(/verdict: PASSED \(exit 0\)/);
    } finally {
      await uninstallAgentChart('agent');
    }
    await nothingLeft('sts-demo');
  });

  it("SIGKILL of sts-chaos in the middle of a freeze: the dead-man's switch resumes the kubelet; cleanup leaves nothing", async () => {
    const run = start(agentArgs(), { env: withDeadMan });
    const { node, ms } = await lostThenBack(async () => {
      run.child.kill('SIGKILL');
      await run.done;
    });
    // Two renewal periods (40 s) without a renewal, the agent's next look, and the node's status report.
    expect(ms, `resumed ${ms} ms after the kill`).to.be.below(75_000);
    console.log(`      dead-man's switch: ${node} Ready again ${(ms / 1000).toFixed(1)} s after SIGKILL`);
    const c = await stsChaos(['cleanup', '--target', 'sts-demo/web']);
    expect(c.code, why(c)).to.equal(0);
    await noAgentLeft('sts-demo');
    await noRunLeft('sts-demo');
  });

  it('a namespace whose Pod Security forbids the agent: exit 3, one line, nothing touched', async () => {
    await kubectl('create', 'namespace', 'agent-restricted').catch(() => undefined);
    await kubectl(
      'label',
      '--overwrite',
      'namespace',
      'agent-restricted',
      'pod-security.kubernetes.io/enforce=restricted',
    );
    const r = await stsChaos(agentArgs('--node-loss-agent-namespace', 'agent-restricted'));
    expect(r.code, why(r)).to.equal(3);
    // The log (JSON lines), then one line that says why, and no stack trace.
    const lines = r.stderr.trim().split('\n');
    expect(r.stderr).to.not.match(/\n\s+at /);
    expect(
      lines.filter((l) => !l.startsWith('{')),
      r.stderr,
    ).to.have.length(1);
    expect(lines.at(-1)).to.match(
      /namespace agent-restricted enforces Pod Security "restricted", which forbids the node agent/,
    );
    await noAgentLeft('agent-restricted');
  });

  after(async () => {
    for (const ns of ['agent-restricted'])
      await kubectl('delete', 'namespace', ns, '--wait=false', '--ignore-not-found');
  });
});
