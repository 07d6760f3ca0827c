/**
 * The agent's pod (issue 14): the sts-chaos image itself, pinned to the victim node, in the host's PID
 * namespace and privileged (to find and signal that node's kubelet), tolerating the node's NotReady and
 * unreachable taints for longer than the hold (it must outlive the loss it causes), never restarted.
 */

export interface AgentPodOptions {
  readonly name: string;
  readonly namespace: string;
  readonly node: string;
  readonly image: string;
  /** The node's addresses and kubelet port (from its Node object). */
  readonly addresses: readonly string[];
  readonly port: number;
  /** The hold, in whole seconds: the agent resumes the kubelet at this deadline whatever happens. */
  readonly holdSeconds: number;
  /** The run it belongs to (a label: cleanup finds the agents a dead run left). */
  readonly runId: string;
}

/** The label every agent pod carries (its value: the run ID). */
export const AGENT_LABEL = 'sts-chaos.io/agent';

export function agentPod(o: AgentPodOptions): Record<string, unknown> {
  // Outlive the loss: the taints come within the node-monitor grace; a minute more than the hold.
  const tolerate = o.holdSeconds + 60;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: o.name,
      namespace: o.namespace,
      labels: { [AGENT_LABEL]: o.runId, 'app.kubernetes.io/name': 'sts-chaos-agent' },
    },
    spec: {
      nodeName: o.node,
      hostPID: true,
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: 5,
      tolerations: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: tolerate,
        },
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: tolerate,
        },
        { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
      ],
      containers: [
        {
          name: 'agent',
          image: o.image,
          imagePullPolicy: 'IfNotPresent',
          command: ['node', 'dist/src/agent/main.js'],
          args: ['hold', '--address', ...o.addresses, '--port', String(o.port), '--for', `${o.holdSeconds}s`],
          securityContext: { privileged: true, runAsUser: 0, readOnlyRootFilesystem: true },
          resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '128Mi' } },
        },
      ],
    },
  };
}

/** Pod Security levels that forbid a privileged hostPID pod. */
const FORBIDDING = ['baseline', 'restricted'];

/**
 * Why the namespace's Pod Security admission would refuse the agent (its `enforce` label), with how to
 * allow it; undefined when it would not.
 */
export function podSecurityRefusal(
  namespace: string,
  labels: Readonly<Record<string, string>> | undefined,
): string | undefined {
  const level = labels?.['pod-security.kubernetes.io/enforce'];
  if (!level || !FORBIDDING.includes(level)) return undefined;
  return `namespace ${namespace} enforces Pod Security "${level}", which forbids the node agent (privileged, hostPID): give nodeLoss.agentNamespace a namespace labelled pod-security.kubernetes.io/enforce=privileged (kubectl label namespace <ns> pod-security.kubernetes.io/enforce=privileged)`;
}
