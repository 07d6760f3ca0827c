import { expect } from 'chai';
import { AGENT_LABEL, agentPod, podSecurityRefusal } from './pod.ts';

describe('the agent pod', () => {
  const base = {
    name: 'sts-chaos-agent-x',
    namespace: 'chaos',
    node: 'node-a',
    image: 'sts-chaos:0.1.0',
    addresses: ['10.0.0.5'],
    port: 10250,
    holdSeconds: 90,
    runId: 'run-1',
  };
  const pod = agentPod(base) as {
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

  it('runs the hold on that node with its name, addresses, port, deadline and witness time', () => {
    expect(pod.spec.containers[0]?.args).to.deep.equal(
      ['hold', '--node', 'node-a', '--address', '10.0.0.5', '--port', '10250'].concat([
        '--for',
        '90s',
        '--witness-after',
        '120s',
      ]),
    );
  });

  it("with a service account, reads the run's Lease with its token (the dead-man's switch) and witnesses the pods", () => {
    const p = agentPod({
      ...base,
      lease: { ref: 'demo/sts-chaos-web', holder: 'run-1', periodSeconds: 20 },
      serviceAccount: 'gate-sts-chaos-agent',
      witness: ['u1=c1'],
    }) as {
      spec: {
        serviceAccountName: string;
        automountServiceAccountToken: boolean;
        containers: { args: string[] }[];
      };
    };
    expect(p.spec).to.include({
      serviceAccountName: 'gate-sts-chaos-agent',
      automountServiceAccountToken: true,
    });
    expect(p.spec.containers[0]?.args.join(' ')).to.match(
      / --lease demo\/sts-chaos-web --holder run-1 --lease-period 20s --witness u1=c1$/,
    );
  });
});

describe('Pod Security and the agent', () => {
  const violation =
    'create /api/v1/namespaces/apps/pods: 403 Forbidden: pods "sts-chaos-agent-x" is forbidden: violates PodSecurity "restricted:latest": privileged (container "agent" must not set securityContext.privileged=true), host namespaces (hostPID=true)';

  it('refuses what admission refused, naming the level and how to allow it', () => {
    expect(podSecurityRefusal('apps', violation)).to.match(
      /^namespace apps enforces Pod Security "restricted", which forbids the node agent .*enforce=privileged/,
    );
    expect(podSecurityRefusal('apps', violation.replace('restricted:latest', 'baseline'))).to.match(
      /"baseline"/,
    );
  });

  it('says nothing of other errors', () => {
    expect(podSecurityRefusal('ops', '403 Forbidden: User cannot create pods')).to.equal(undefined);
  });
});
