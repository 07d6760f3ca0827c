import { expect } from 'chai';
import { AGENT_LABEL, agentPod, podSecurityRefusal } from './pod.ts';

describe('the agent pod', () => {
  const pod = agentPod({
    name: 'sts-chaos-agent-x',
    namespace: 'chaos',
    node: 'node-a',
    image: 'sts-chaos:0.1.0',
    addresses: ['10.0.0.5'],
    port: 10250,
    holdSeconds: 90,
    runId: 'run-1',
  }) as {
    metadata: { labels: Record<string, string> };
    spec: Record<string, unknown> & {
      tolerations: { key: string; tolerationSeconds?: number }[];
      containers: { args: string[]; securityContext: Record<string, unknown> }[];
    };
  };

  it('is pinned to the node, in the host PID namespace, privileged, never restarted', () => {
    expect(pod.spec).to.include({
      nodeName: 'node-a',
      hostPID: true,
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
    });
    expect(pod.spec.containers[0]?.securityContext).to.include({ privileged: true });
    expect(pod.metadata.labels[AGENT_LABEL]).to.equal('run-1');
  });

  it('outlives the loss it causes: tolerates NotReady and unreachable for longer than the hold', () => {
    for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'])
      expect(pod.spec.tolerations.find((t) => t.key === key)?.tolerationSeconds).to.be.greaterThan(90);
  });

  it('runs the hold on that node with its addresses, port and deadline', () => {
    expect(pod.spec.containers[0]?.args).to.deep.equal([
      'hold',
      '--address',
      '10.0.0.5',
      '--port',
      '10250',
      '--for',
      '90s',
    ]);
  });
});

describe('Pod Security and the agent', () => {
  it('refuses baseline and restricted, naming the level and how to allow it', () => {
    const r = podSecurityRefusal('apps', { 'pod-security.kubernetes.io/enforce': 'restricted' });
    expect(r).to.match(
      /^namespace apps enforces Pod Security "restricted", which forbids the node agent .*enforce=privileged/,
    );
    expect(podSecurityRefusal('apps', { 'pod-security.kubernetes.io/enforce': 'baseline' })).to.match(
      /baseline/,
    );
  });

  it('allows privileged, or no label', () => {
    expect(podSecurityRefusal('ops', { 'pod-security.kubernetes.io/enforce': 'privileged' })).to.equal(
      undefined,
    );
    expect(podSecurityRefusal('ops', undefined)).to.equal(undefined);
  });
});
