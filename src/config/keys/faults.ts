/** The settings of how the faults and the checks are done in the target's pods and nodes. */
import type { ConfigKey } from '../keys.ts';

export const FAULT_KEYS: readonly ConfigKey[] = [
  {
    field: 'nodeLoss.mode',
    flag: '--node-loss',
    value: '<mode>',
    env: 'STS_CHAOS_NODE_LOSS_MODE',
    description:
      "how node loss is done: agent (a privileged pod freezes the node's kubelet), lab, command (your own commands) or none (SB-2/SB-3 skipped)",
    default: 'none',
  },
  {
    field: 'nodeLoss.downCommand',
    flag: '--node-down-command',
    value: '<cmd>',
    env: 'STS_CHAOS_NODE_LOSS_DOWN_COMMAND',
    description: 'with --node-loss command: shell command that makes {node} stop answering',
  },
  {
    field: 'nodeLoss.upCommand',
    flag: '--node-up-command',
    value: '<cmd>',
    env: 'STS_CHAOS_NODE_LOSS_UP_COMMAND',
    description: 'with --node-loss command: shell command that brings {node} back',
  },
  {
    field: 'nodeLoss.hold',
    flag: '--node-loss-hold',
    value: '<duration>',
    env: 'STS_CHAOS_NODE_LOSS_HOLD',
    description:
      "how long the node stays lost when its pod is not evicted (a cluster's 300 s not-ready/unreachable tolerations): node-monitor grace (50 s by default) + 30 s; then it comes back and the same incarnation must continue",
    default: '80s',
  },
  {
    field: 'nodeLoss.holdAfterEviction',
    flag: '--node-loss-hold-after-eviction',
    value: '<duration>',
    env: 'STS_CHAOS_NODE_LOSS_HOLD_AFTER_EVICTION',
    description:
      "how long the node stays lost once its pod was evicted or force-deleted (over 6m: the attach/detach controller's force detach of its volumes is seen)",
    default: '10s',
  },
  {
    field: 'nodeLoss.labScript',
    env: 'STS_CHAOS_NODE_LOSS_LAB_SCRIPT',
    description: 'with node loss mode lab: path of the lab script',
    default: 'lab/lab.sh',
  },
  {
    field: 'nodeLoss.containersLeftRunning',
    env: 'STS_CHAOS_NODE_LOSS_CONTAINERS_LEFT_RUNNING',
    description: "whether the down command leaves the node's containers running",
    default: 'true',
  },
  {
    field: 'nodeLoss.forceDeleteLostPod',
    env: 'STS_CHAOS_NODE_LOSS_FORCE_DELETE_LOST_POD',
    description: 'test only: force-delete the lost pod while its containers run (the SB-2 negative control)',
    default: 'false',
  },
  {
    field: 'nodeLoss.kind',
    flag: '--node-loss-kind',
    value: '<kind>',
    env: 'STS_CHAOS_NODE_LOSS_KIND',
    description:
      "with --node-loss agent: partition (the kubelet frozen, the containers run on) or power-off (the target's containers on the node killed too); with --node-loss lab: partition (the kubelet stopped) or power-off (the whole node: kubelet, containers, runtime, volume plugin)",
    default: 'partition',
  },
  {
    field: 'nodeLoss.fence',
    flag: '--fence',
    value: '<fence>',
    env: 'STS_CHAOS_NODE_LOSS_FENCE',
    description:
      'with --node-loss-kind power-off: out-of-service taints the lost node once NotReady (its pods force-deleted, volumes detached), removed after; none',
    default: 'none',
  },
  {
    field: 'nodeLoss.agentImage',
    flag: '--node-loss-agent-image',
    value: '<image>',
    env: 'STS_CHAOS_NODE_LOSS_AGENT_IMAGE',
    description: "with --node-loss agent: the agent pod's image (the sts-chaos image)",
  },
  {
    field: 'nodeLoss.agentNamespace',
    flag: '--node-loss-agent-namespace',
    value: '<ns>',
    env: 'STS_CHAOS_NODE_LOSS_AGENT_NAMESPACE',
    description: 'with --node-loss agent: where the agent pod runs (its Pod Security must allow privileged)',
    default: "the target's namespace",
  },
  {
    field: 'nodeLoss.agentServiceAccount',
    env: 'STS_CHAOS_NODE_LOSS_AGENT_SERVICE_ACCOUNT',
    description:
      "with --node-loss agent: the agent's service account, allowed to get the run's Lease (dead-man's switch); none: the agent's deadline only",
  },
  {
    field: 'probes.breakCommand',
    flag: '--probe-break-command',
    value: '<cmd>',
    env: 'STS_CHAOS_PROBES_BREAK_COMMAND',
    description: 'shell command run in the target container to break the probed process',
    default: 'SIGSTOP of PID 1',
  },
  {
    field: 'probes.healCommand',
    flag: '--probe-heal-command',
    value: '<cmd>',
    env: 'STS_CHAOS_PROBES_HEAL_COMMAND',
    description: 'shell command that heals it',
    default: 'SIGCONT of PID 1',
  },
  {
    field: 'probes.holdFor',
    env: 'STS_CHAOS_PROBES_HOLD_FOR',
    description: 'how long a probe stays broken',
    default: '20s',
  },
  {
    field: 'updates.partition',
    flag: '--partition',
    value: '<n>',
    env: 'STS_CHAOS_UPDATES_PARTITION',
    description: 'updates suite: the partition step updates only ordinals at or above n first',
    default: 'replicas - 1',
  },
  {
    field: 'updates.onDeleteWatch',
    env: 'STS_CHAOS_UPDATES_ON_DELETE_WATCH',
    description: 'updates suite, OnDelete: how long a restart is watched changing no pod by itself',
    default: '20s',
  },
  {
    field: 'updates.badReleaseHold',
    env: 'STS_CHAOS_UPDATES_BAD_RELEASE_HOLD',
    description: 'updates suite: how long a bad release is held and watched before the rollback',
    default: '30s',
  },
  {
    field: 'updates.rollbackWait',
    env: 'STS_CHAOS_UPDATES_ROLLBACK_WAIT',
    description: 'updates suite: how long the controller gets to heal a rollback before a forced rollback',
    default: '60s',
  },
  {
    field: 'roleQuery.command',
    flag: '--role-query',
    value: '<cmd>',
    env: 'STS_CHAOS_ROLE_QUERY',
    description:
      'SB-4: shell command run in every pod whose output names its role (in YAML also an argv list)',
  },
  {
    field: 'roleQuery.primaryValues',
    env: 'STS_CHAOS_ROLE_QUERY_PRIMARY_VALUES',
    description: 'SB-4: role query outputs that mean primary, comma-separated',
    default: 'primary,leader,master',
  },
  {
    field: 'roleQuery.interval',
    env: 'STS_CHAOS_ROLE_QUERY_INTERVAL',
    description: 'SB-4: how often the role query runs',
    default: '2s',
  },
  {
    field: 'dataCheck.write',
    flag: '--data-write',
    value: '<cmd>',
    env: 'STS_CHAOS_DATA_CHECK_WRITE',
    description:
      'VOL-3: shell command that writes record $STS_CHAOS_SEQ through the workload (exit 0 = acknowledged)',
  },
  {
    field: 'dataCheck.verify',
    flag: '--data-verify',
    value: '<cmd>',
    env: 'STS_CHAOS_DATA_CHECK_VERIFY',
    description:
      'VOL-3: shell command run in every pod after recovery: exit 0 when records 1..$STS_CHAOS_SEQ are all readable',
  },
  {
    field: 'dataCheck.writeOrdinal',
    env: 'STS_CHAOS_DATA_CHECK_WRITE_ORDINAL',
    description: 'VOL-3: the ordinal whose pod runs the data write',
    default: 'the first ordinal (spec.ordinals.start)',
  },
  {
    field: 'dataCheck.timeout',
    env: 'STS_CHAOS_DATA_CHECK_TIMEOUT',
    description: 'VOL-3: how long the data verify may take to pass (replicas catching up)',
    default: '60s',
  },
  {
    field: 'container',
    flag: '--container',
    value: '<name>',
    env: 'STS_CHAOS_CONTAINER',
    description: 'the container the exec-based faults and probes use',
    default: 'the first container',
  },
  {
    field: 'processName',
    flag: '--process-name',
    value: '<name>',
    env: 'STS_CHAOS_PROCESS_NAME',
    description: 'process to kill in process-kill (by pkill name)',
    default: 'PID 1',
  },
  {
    field: 'debugImage',
    flag: '--debug-image',
    value: '<image>',
    env: 'STS_CHAOS_DEBUG_IMAGE',
    description: 'image of the ephemeral container process kill uses when the target has no shell',
    default: 'busybox:1.36',
  },
];
