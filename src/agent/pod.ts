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
  /**
   * The run's Lease (`namespace/name`), holder and renewal period in seconds, read with `serviceAccount`:
   * the dead-man's switch and the run's resume request. @default none: the deadline only
   */
  readonly lease?: { readonly ref: string; readonly holder: string; readonly periodSeconds: number };
  /** The service account the agent reads the Lease with (its token is mounted). @default none */
  readonly serviceAccount?: string;
  /** The target's pods on the node to witness: `<uid>=<container id>,…` each. @default none */
  readonly witness?: readonly string[];
  /** After the resume, how long the witness waits for the old containers to stop, in seconds. @default 120 */
  readonly witnessAfterSeconds?: number;
  /** Kill the witnessed containers once the kubelet is frozen (a power-off). @default false */
  readonly powerOff?: boolean;
  /** The run's deadline for the freeze, absolute (ISO): the agent keeps the earlier of it and its --for. @default none */
  readonly until?: string;
  /** SB-4's role query (argv), run by the agent inside the witnessed containers while the node is lost. @default none */
  readonly roleQuery?: readonly string[];
}

/** The label every agent pod carries (its value: the run ID). */
export const AGENT_LABEL = 'sts-chaos.io/agent';

type TaskPodOptions = Pick<AgentPodOptions, 'name' | 'namespace' | 'node' | 'image' | 'runId'>;

/** A short agent pod that runs one command on a healthy node and ends (no need to outlive a lost node). */
function agentTaskPod(o: TaskPodOptions, args: string[]): Record<string, unknown> {
  const pod = agentPod({ ...o, addresses: [], port: 0, holdSeconds: 0, witnessAfterSeconds: 0 }) as {
    spec: { tolerations: unknown[]; containers: { args: string[] }[] };
  };
  const [c] = pod.spec.containers;
  if (c) c.args = args;
  pod.spec.tolerations = [];
  return pod;
}

/** The agent pod that signals one container's main process from the node (process kill), then ends. */
export function agentKillPod(
  o: TaskPodOptions & { readonly podUid: string; readonly containerId: string },
): Record<string, unknown> {
  return agentTaskPod(o, [
    'kill',
    '--pod-uid',
    o.podUid,
    '--container-id',
    o.containerId,
    '--signal',
    'SIGKILL',
  ]);
}

/** The agent pod that finds the node's kubelet and says what a hold would freeze (the plan), then ends. */
export function agentFindPod(
  o: TaskPodOptions & Pick<AgentPodOptions, 'addresses' | 'port'>,
): Record<string, unknown> {
  return agentTaskPod(o, ['find', '--address', ...o.addresses, '--port', String(o.port)]);
}

export function agentPod(o: AgentPodOptions): Record<string, unknown> {
  // Outlive the loss and the witness after it: the taints come within the node-monitor grace.
  const after = o.witnessAfterSeconds ?? 120;
  const tolerate = o.holdSeconds + after + 60;
  const args = ['hold', '--node', o.node, '--address', ...o.addresses, '--port', String(o.port)];
  args.push('--for', `${o.holdSeconds}s`, '--witness-after', `${after}s`);
  if (o.lease && o.serviceAccount)
    args.push(
      '--lease',
      o.lease.ref,
      '--holder',
      o.lease.holder,
      '--lease-period',
      `${o.lease.periodSeconds}s`,
    );
  if (o.until) args.push('--until', o.until);
  if (o.roleQuery) args.push('--role-query', JSON.stringify(o.roleQuery));
  if (o.powerOff) args.push('--power-off');
  if (o.witness?.length) args.push('--witness', ...o.witness);
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
      ...(o.lease && o.serviceAccount
        ? { serviceAccountName: o.serviceAccount, automountServiceAccountToken: true }
        : { automountServiceAccountToken: false }),
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
        // A fenced power-off: the agent (and its log, the witness) stays until the node is back.
        {
          key: 'node.kubernetes.io/out-of-service',
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
          args,
          // A refusal (exit 3) says why in the pod's status, readable while the kubelet runs.
          terminationMessagePolicy: 'FallbackToLogsOnError',
          securityContext: { privileged: true, runAsUser: 0, readOnlyRootFilesystem: true },
          resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '128Mi' } },
        },
      ],
    },
  };
}

/**
 * The refusal for an API error that Pod Security admission gave the agent pod (a server-side dry run of
 * it, in preflight): names the namespace, the level and how to allow it; undefined for any other error.
 */
export function podSecurityRefusal(namespace: string, message: string): string | undefined {
  const m = /violates PodSecurity "([a-z]+)(?::[^"]*)?"/.exec(message);
  if (!m) return undefined;
  return `namespace ${namespace} enforces Pod Security "${m[1]}", which forbids the node agent (privileged, hostPID): give nodeLoss.agentNamespace a namespace labelled pod-security.kubernetes.io/enforce=privileged (kubectl label namespace <ns> pod-security.kubernetes.io/enforce=privileged)`;
}
