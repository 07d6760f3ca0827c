/**
 * The node agent's kubelet finder on the host's real /proc (issue 14): the lab's two kubelets share one
 * PID and one network namespace, so each node's own kubelet must be told apart by its address and port,
 * and must be the process the lab started (its pid file). Needs `lab up`.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { expect } from 'chai';
import { findKubelet, type KubeletProcess } from '../../src/agent/kubelet-finder.ts';
import { kubeletState } from '../../src/agent/kubelet-signal.ts';
import { hostProc } from '../../src/agent/proc-fs.ts';
import { isReady, kubectlJson, Recorder, ROOT } from './helpers.ts';

const AGENT = join(ROOT, 'src', 'agent', 'main.ts');

/** Waits, at most 5 s, until the kubelet is stopped (the agent's freeze); fails saying what it last was. */
async function untilStopped(k: KubeletProcess): Promise<void> {
  let last = await kubeletState(hostProc, k);
  for (const deadline = Date.now() + 5000; last !== 'stopped' && Date.now() < deadline; ) {
    await new Promise((r) => setTimeout(r, 100));
    last = await kubeletState(hostProc, k);
  }
  if (last !== 'stopped')
    throw new Error(`kubelet ${k.pid} not stopped within 5 s of the hold; last: ${last}`);
}

/** Starts the agent's hold on the host (root, the host's PID namespace: what a hostPID pod sees). */
function startHold(address: string, hold: string) {
  const child = spawn(
    process.execPath,
    [AGENT, 'hold', '--node', 'lab', '--address', address, '--port', '10250', '--for', hold],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    err += d;
  });
  const ended = new Promise<{ code: number | null; events: Record<string, unknown>[]; err: string }>(
    (resolve) =>
      child.on('exit', (code) =>
        resolve({
          code,
          err,
          events: out
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as Record<string, unknown>),
        }),
      ),
  );
  return { child, ended };
}

interface NodeView {
  metadata: { name: string };
  status: {
    daemonEndpoints: { kubeletEndpoint: { Port: number } };
    addresses: { type: string; address: string }[];
  };
}

describe('the node agent finds the exact kubelet of a node', () => {
  it("finds lab-n1's and lab-n2's own kubelets, each the process the lab started, never the other", async () => {
    const nodes = await kubectlJson<{ items: NodeView[] }>('get', 'nodes');
    const found = new Map<string, number>();
    for (const n of nodes.items) {
      const ep = {
        port: n.status.daemonEndpoints.kubeletEndpoint.Port,
        addresses: n.status.addresses.filter((a) => a.type === 'InternalIP').map((a) => a.address),
      };
      const k = await findKubelet(hostProc, ep);
      if (typeof k === 'string') throw new Error(`${n.metadata.name}: ${k}`);
      const i = n.metadata.name.replace('lab-n', '');
      const started = Number(readFileSync(join(ROOT, '.lab', 'pids', `kubelet-n${i}.pid`), 'utf8').trim());
      console.log(
        `      ${n.metadata.name}: kubelet pid ${k.pid} (lab pid file ${started}), start time ${k.startTime}`,
      );
      expect(k.pid, n.metadata.name).to.equal(started);
      expect(k.cmdline).to.contain(`--hostname-override ${n.metadata.name}`);
      found.set(n.metadata.name, k.pid);
    }
    expect(new Set(found.values()).size).to.equal(2);
  });

  it('refuses an address no kubelet listens on, touching nothing', async () => {
    const k = await findKubelet(hostProc, { port: 10250, addresses: ['198.18.0.99'] });
    expect(k).to.match(/^no socket listens on port 10250 on 198\.18\.0\.99/);
  });

  it("freezes lab-n1's kubelet only: lab-n1 NotReady, lab-n2 Ready throughout; resumed at the deadline", async function () {
    this.timeout(120_000);
    const nodes = await Recorder.start<k8s.V1Node>('/api/v1/nodes');
    try {
      const t0 = Date.now();
      const { ended } = startHold('198.18.0.11', '22s');
      await nodes.until(
        'lab-n1 NotReady',
        (e) => e.object.metadata?.name === 'lab-n1' && !isReady(e.object),
        60_000,
      );
      const notReadyAfter = Date.now() - t0;
      const r = await ended;
      expect(r.code, r.err).to.equal(0);
      const resume = r.events.find((e) => e.event === 'resume');
      console.log(
        `      lab-n1 NotReady after ${(notReadyAfter / 1000).toFixed(1)} s; ${JSON.stringify(resume)}`,
      );
      expect(resume).to.include({ ended: 'deadline', resume: 'resumed' });
      await nodes.until(
        'lab-n1 Ready again',
        (e) => e.at > t0 + 22_000 && e.object.metadata?.name === 'lab-n1' && isReady(e.object),
        60_000,
      );
      const n2 = nodes.events.filter((e) => e.object.metadata?.name === 'lab-n2');
      expect(
        n2.every((e) => isReady(e.object)),
        'lab-n2 stayed Ready',
      ).to.equal(true);
    } finally {
      nodes.stop();
    }
  });

  it('SIGTERM to the agent resumes the kubelet at once', async () => {
    const found = await findKubelet(hostProc, { port: 10250, addresses: ['198.18.0.12'] });
    if (typeof found === 'string') throw new Error(found);
    const { child, ended } = startHold('198.18.0.12', '120s');
    await untilStopped(found);
    expect(await kubeletState(hostProc, found), 'frozen').to.equal('stopped');
    const t = Date.now();
    child.kill('SIGTERM');
    const r = await ended;
    const took = Date.now() - t;
    console.log(`      resumed ${took} ms after SIGTERM`);
    expect(r.events.find((e) => e.event === 'resume')).to.include({ ended: 'signal', resume: 'resumed' });
    expect(await kubeletState(hostProc, found)).to.equal('running');
    expect(took).to.be.below(3000);
  });

  it("a SIGKILLed agent leaves the kubelet stopped; a fresh agent's resume (the ledger's revert) brings it back", async () => {
    const found = await findKubelet(hostProc, { port: 10250, addresses: ['198.18.0.12'] });
    if (typeof found === 'string') throw new Error(found);
    const { child, ended } = startHold('198.18.0.12', '120s');
    try {
      await untilStopped(found);
      child.kill('SIGKILL');
      await ended;
      expect(await kubeletState(hostProc, found), 'left stopped by the killed agent').to.equal('stopped');
    } finally {
      const r = spawn(process.execPath, [AGENT, 'resume', '--address', '198.18.0.12', '--port', '10250'], {
        stdio: 'ignore',
      });
      const code = await new Promise((resolve) => r.on('exit', resolve));
      expect(code).to.equal(0);
    }
    expect(await kubeletState(hostProc, found)).to.equal('running');
  });
});
