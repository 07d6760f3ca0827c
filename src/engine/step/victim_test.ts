import { expect } from 'chai';
import type { Target } from '../target.ts';
import { chooseVictim, restarts } from './victim.ts';

const target: Target = {
  namespace: 'ns',
  name: 'web',
  serviceName: 'web',
  replicas: 3,
  ordinalsStart: 0,
  podManagementPolicy: 'OrderedReady',
  claimTemplates: ['data'],
  selector: 'app=web',
  container: 'web',
  claimMounts: { data: '/data' },
  statefulSet: { metadata: { name: 'web', uid: 'sts' } },
};

function pod(i: number, node: string, restartCount = 0) {
  return {
    metadata: { name: `web-${i}`, uid: `uid-${i}` },
    spec: { nodeName: node },
    status: {
      containerStatuses: [
        { name: 'web', restartCount },
        { name: 'side', restartCount: 1 },
      ],
    },
  };
}

const pods = (...nodes: string[]) => new Map(nodes.map((n, i) => [`web-${i}`, pod(i, n, i)]));

describe('chooseVictim', () => {
  it('takes the highest ordinal that has a pod, as it is now', () => {
    const v = chooseVictim(pods('a', 'b', 'a'), target, { maxDisrupted: 1 }, 'pod');
    expect(v).to.deep.equal({ ordinal: 2, pod: 'web-2', uid: 'uid-2', node: 'a', restartCount: 2 });
  });

  it('takes --ordinal, and names the pod when it does not exist', () => {
    expect(chooseVictim(pods('a', 'b', 'a'), target, { ordinal: 1, maxDisrupted: 1 }, 'pod')).to.include({
      ordinal: 1,
    });
    expect(chooseVictim(pods('a'), target, { ordinal: 2, maxDisrupted: 1 }, 'pod')).to.equal(
      'web-2 does not exist',
    );
  });

  it('for a node-wide fault, skips pods on a node holding more than --max-disrupted of the target', () => {
    expect(chooseVictim(pods('a', 'b', 'a'), target, { maxDisrupted: 1 }, 'node')).to.include({
      ordinal: 1,
      node: 'b',
    });
    expect(chooseVictim(pods('a', 'b', 'a'), target, { maxDisrupted: 2 }, 'node')).to.include({ ordinal: 2 });
    expect(chooseVictim(pods('a', 'a', 'a'), target, { maxDisrupted: 1 }, 'node')).to.match(
      /every node of web holds more than --max-disrupted=1/,
    );
  });

  it('for a node-wide fault, never takes the node sts-chaos itself runs on', () => {
    expect(chooseVictim(pods('a', 'b', 'c'), target, { maxDisrupted: 1 }, 'node', 'c')).to.include({
      ordinal: 1,
      node: 'b',
    });
    expect(chooseVictim(pods('a', 'b', 'b'), target, { maxDisrupted: 1 }, 'node', 'a')).to.match(
      /or is the node sts-chaos itself runs on \(a\)/,
    );
    // A pod-wide fault may act on a pod beside it.
    expect(chooseVictim(pods('a', 'b', 'c'), target, { maxDisrupted: 1 }, 'pod', 'c')).to.include({
      ordinal: 2,
    });
  });

  it('says so when the target has no pods', () => {
    expect(chooseVictim(new Map(), target, { maxDisrupted: 1 }, 'pod')).to.equal('the target has no pods');
  });

  it('counts the restarts of the target container only, never a sidecar', () => {
    expect(restarts(pod(0, 'a', 4), 'web')).to.equal(4);
    expect(restarts(pod(0, 'a', 4), 'side')).to.equal(1);
    expect(restarts({ metadata: { name: 'web-0', uid: 'u' } }, 'web')).to.equal(0);
  });
});
