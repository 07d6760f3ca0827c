import { expect } from 'chai';
import type { Node, Pod } from '../kube/objects.ts';
import { Duration } from '../util/duration.ts';
import { kubeletEndpointOf, lastWords, witnessedPods } from './node-agent.ts';
import { agentDeadline } from './node-loss-agent.ts';

const pod = (name: string, node: string, ids: string[], deleting = false): Pod => ({
  metadata: {
    name,
    namespace: 'demo',
    uid: `uid-${name}`,
    ...(deleting ? { deletionTimestamp: '2026-11-30T00:00:00Z' } : {}),
  },
  spec: { nodeName: node },
  status: { containerStatuses: ids.map((id, i) => ({ name: `c${i}`, containerID: id })) },
});

describe('the node agent, from the run', () => {
  it("finds the kubelet's endpoint in the Node: InternalIPs, else any address; the daemon port, else 10250", () => {
    const n: Node = {
      metadata: { name: 'n1', uid: 'n1' },
      status: {
        addresses: [
          { type: 'Hostname', address: 'n1' },
          { type: 'InternalIP', address: '10.0.0.5' },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10255 } },
      },
    };
    expect(kubeletEndpointOf(n)).to.deep.equal({ addresses: ['10.0.0.5'], port: 10255 });
    expect(
      kubeletEndpointOf({
        metadata: { name: 'x', uid: 'x' },
        status: { addresses: [{ type: 'Hostname', address: 'x' }] },
      }),
    ).to.deep.equal({
      addresses: ['x'],
      port: 10250,
    });
  });

  it("witnesses the target's pods on that node by UID and container IDs, not those elsewhere or being deleted", () => {
    const w = witnessedPods(
      [
        pod('web-0', 'n1', ['containerd://aaaaaaaaaaaaaaaa', 'containerd://bbbbbbbbbbbbbbbb']),
        pod('web-1', 'n2', ['containerd://cccccccccccccccc']),
        pod('web-2', 'n1', ['containerd://dddddddddddddddd'], true),
        pod('web-3', 'n1', []),
      ],
      'n1',
    );
    expect(w.args).to.deep.equal(['uid-web-0=aaaaaaaaaaaaaaaa,bbbbbbbbbbbbbbbb']);
    expect([...w.names]).to.deep.equal([
      ['aaaaaaaaaaaa', 'demo/web-0/c0'],
      ['bbbbbbbbbbbb', 'demo/web-0/c1'],
    ]);
  });

  it('puts the target container first (the role query runs in it) and names the pods by UID', () => {
    const w = witnessedPods(
      [pod('web-0', 'n1', ['containerd://aaaaaaaaaaaaaaaa', 'containerd://bbbbbbbbbbbbbbbb'])],
      'n1',
      'c1',
    );
    expect(w.args).to.deep.equal(['uid-web-0=bbbbbbbbbbbbbbbb,aaaaaaaaaaaaaaaa']);
    expect([...w.pods]).to.deep.equal([['uid-web-0', 'web-0']]);
  });

  it('witnesses native sidecars too (init containers that keep running): an old copy of either is one', () => {
    const sidecar: Pod = {
      metadata: { name: 'web-0', namespace: 'demo', uid: 'uid-web-0' },
      spec: { nodeName: 'n1' },
      status: {
        containerStatuses: [{ name: 'app', containerID: 'containerd://aaaaaaaaaaaaaaaa' }],
        initContainerStatuses: [{ name: 'proxy', containerID: 'containerd://eeeeeeeeeeeeeeee' }],
      },
    };
    const w = witnessedPods([sidecar], 'n1', 'app');
    expect(w.args).to.deep.equal(['uid-web-0=aaaaaaaaaaaaaaaa,eeeeeeeeeeeeeeee']);
    expect(w.names.get('eeeeeeeeeeee')).to.equal('demo/web-0/proxy');
  });

  it("an ended agent's last words are its error, whatever order its stdout and stderr reached the log in", () => {
    const err = 'sts-chaos agent: power-off: processes 1, 2 still run 2 s after SIGKILL';
    const resume = '{"at":"2026-11-30T06:39:00Z","event":"resume","ended":"deadline"}';
    expect(lastWords(`{"event":"frozen"}\n${err}\n${resume}\n`)).to.equal(err);
    expect(lastWords(`{"event":"frozen"}\n${resume}\n${err}`)).to.equal(err);
    expect(lastWords(resume)).to.equal(resume);
  });

  it("the deadline: a backstop past the hold with the run's Lease; without it, exactly the hold and its looks", () => {
    const nl = { hold: Duration.seconds(80), forceDeleteLostPod: false } as Parameters<
      typeof agentDeadline
    >[0];
    expect(agentDeadline(nl, true).toSeconds()).to.equal(240);
    expect(agentDeadline(nl, false).toSeconds()).to.equal(95);
    expect(agentDeadline({ ...nl, forceDeleteLostPod: true }, false).toSeconds()).to.equal(195);
  });
});
