import { expect } from 'chai';
import type { KubeHttp } from '../kube/http.ts';
import type { Pod } from '../kube/objects.ts';
import { fenceRefusal } from './node-fence.ts';
import type { FaultEnv, Victim } from './types.ts';

const victim: Victim = { ordinal: 2, pod: 'web-2', uid: 'u2', node: 'n1', restartCount: 0 };

function envWith(pods: Pod[] | Error): FaultEnv {
  const http = {
    request: async (_verb: string, path: string, opts: { query?: Record<string, string> }) => {
      expect(path).to.equal('/api/v1/pods');
      expect(opts.query?.fieldSelector).to.equal('spec.nodeName=n1');
      if (pods instanceof Error) throw pods;
      return { items: pods };
    },
  } as unknown as KubeHttp;
  return { http, target: { namespace: 'demo', name: 'web' } } as unknown as FaultEnv;
}

const pod = (ns: string, name: string, more: Partial<Pod['metadata']> = {}, phase = 'Running'): Pod => ({
  metadata: { namespace: ns, name, uid: `${ns}-${name}`, ...more },
  status: { phase },
});

describe('the out-of-service fence guard', () => {
  it("fences a node that runs only the target's pods, agents, DaemonSet and static pods, finished pods", async () => {
    const env = envWith([
      pod('demo', 'web-2'),
      pod('demo', 'sts-chaos-agent-1', { labels: { 'sts-chaos.io/agent': 'run-1' } }),
      pod('kube-system', 'proxy-x', { ownerReferences: [{ kind: 'DaemonSet', name: 'proxy', uid: 'd' }] }),
      pod('kube-system', 'etcd-n1', { annotations: { 'kubernetes.io/config.mirror': 'x' } }),
      pod('batch', 'done-1', {}, 'Succeeded'),
    ]);
    expect(await fenceRefusal(env, victim)).to.equal(undefined);
  });

  it("refuses when another workload's pod still runs there, naming it; or when the pods cannot be listed", async () => {
    const env = envWith([pod('demo', 'web-2'), pod('kube-system', 'coredns-abc'), pod('demo', 'webapp-0')]);
    expect(await fenceRefusal(env, victim)).to.match(
      /^node n1 also runs kube-system\/coredns-abc, demo\/webapp-0, which the power-off did not stop/,
    );
    expect(await fenceRefusal(envWith(new Error('403 Forbidden')), victim)).to.match(
      /cannot be listed \(403/,
    );
  });
});
