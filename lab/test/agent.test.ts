/**
 * The node agent's kubelet finder on the host's real /proc (issue 14): the lab's two kubelets share one
 * PID and one network namespace, so each node's own kubelet must be told apart by its address and port,
 * and must be the process the lab started (its pid file). Needs `lab up`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { findKubelet } from '../../src/agent/kubelet-finder.ts';
import { hostProc } from '../../src/agent/proc-fs.ts';
import { kubectlJson, ROOT } from './helpers.ts';

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
});
