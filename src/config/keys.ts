/**
 * Every setting of RunConfig with its flag and its STS_CHAOS_* variable: the one table the loader, the
 * CLI's options and its --help, and the docs are made from.
 */

export interface ConfigKey {
  /** Dotted path in RunConfig, and in the config file (camelCase, nested as in RunConfig). */
  readonly field: string;
  /** The long flag, when the setting has one (some are for the config file and the environment only). */
  readonly flag?: string;
  /** The flag's value placeholder; absent for a switch (a flag without a value). */
  readonly value?: string;
  /** The flag may be given more than once (and each value may be a comma-separated list). */
  readonly repeatable?: boolean;
  readonly env: string;
  readonly description: string;
  /** The default, as the docs and --help say it. */
  readonly default?: string;
}

export const CONFIG_KEYS: readonly ConfigKey[] = [
  {
    field: 'target',
    flag: '--target',
    value: '<namespace/name>',
    env: 'STS_CHAOS_TARGET',
    description: 'the StatefulSet to test, as <namespace>/<statefulset> (required)',
  },
  {
    field: 'suites',
    flag: '--suites',
    value: '<names>',
    repeatable: true,
    env: 'STS_CHAOS_SUITES',
    description: 'suites to run, comma-separated: identity, ordering, volumes, probes, split-brain',
    default: 'all',
  },
  {
    field: 'faults',
    flag: '--faults',
    value: '<names>',
    repeatable: true,
    env: 'STS_CHAOS_FAULTS',
    description:
      'only the steps of these faults, comma-separated: pod-kill, process-kill, claim-deletion, probe-breakage, scale, node-cordon, node-drain, node-loss',
    default: 'all',
  },
  {
    field: 'grep',
    flag: '--grep',
    value: '<text>',
    env: 'STS_CHAOS_GREP',
    description: 'only the tests whose title matches this regular expression',
  },
  {
    field: 'skip',
    flag: '--skip',
    value: '<text>',
    env: 'STS_CHAOS_SKIP',
    description: 'leave out the tests whose title matches this regular expression',
  },
  {
    field: 'dataPaths',
    flag: '--data-path',
    value: '<path>',
    repeatable: true,
    env: 'STS_CHAOS_DATA_PATHS',
    description: 'a path in the pods whose data must survive faults (VOL-3), besides every claim mount',
    default: 'none',
  },
  {
    field: 'reportDir',
    flag: '--report-dir',
    value: '<dir>',
    env: 'STS_CHAOS_REPORT_DIR',
    description: 'where the reports go',
    default: './sts-chaos-report',
  },
  {
    field: 'budget',
    flag: '--budget',
    value: '<duration>',
    env: 'STS_CHAOS_BUDGET',
    description: 'time allowed for every ordinal to be Ready again after a fault (REC-1), e.g. 90s, 3m',
    default: '3m',
  },
  {
    field: 'dryRun',
    flag: '--dry-run',
    env: 'STS_CHAOS_DRY_RUN',
    description: 'say what would be done, touch nothing',
    default: 'false',
  },
  {
    field: 'allowNamespaces',
    flag: '--allow-namespace',
    value: '<namespace>',
    repeatable: true,
    env: 'STS_CHAOS_ALLOW_NAMESPACES',
    description: 'allow a namespace that is otherwise refused (kube-system, kube-public, kube-node-lease)',
    default: 'none',
  },
  {
    field: 'maxDisrupted',
    flag: '--max-disrupted',
    value: '<n>',
    env: 'STS_CHAOS_MAX_DISRUPTED',
    description: 'at most this many ordinals disrupted at once',
    default: '1',
  },
  {
    field: 'ordinal',
    flag: '--ordinal',
    value: '<n>',
    env: 'STS_CHAOS_ORDINAL',
    description: 'the ordinal the single-pod faults act on',
    default: 'the highest',
  },
  {
    field: 'nodeLoss.mode',
    flag: '--node-loss',
    value: '<mode>',
    env: 'STS_CHAOS_NODE_LOSS_MODE',
    description: 'how node loss is done: lab, command (your own commands) or none (SB-2/SB-3 skipped)',
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
    default: '0',
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
  {
    field: 'resultsConfigMap',
    flag: '--results-configmap',
    value: '<name>',
    env: 'STS_CHAOS_RESULTS_CONFIGMAP',
    description:
      "also store junit.xml, summary.md and report.json in this ConfigMap of the target's namespace",
  },
  {
    field: 'kubeconfig',
    flag: '--kubeconfig',
    value: '<file>',
    env: 'STS_CHAOS_KUBECONFIG',
    description: 'path of a kubeconfig',
    default: '$KUBECONFIG, ~/.kube/config, or the service account in a pod',
  },
  {
    field: 'context',
    flag: '--context',
    value: '<name>',
    env: 'STS_CHAOS_CONTEXT',
    description: 'kubeconfig context',
    default: 'the current context',
  },
  {
    field: 'logFormat',
    flag: '--log-format',
    value: '<format>',
    env: 'STS_CHAOS_LOG_FORMAT',
    description: 'log format: auto (pretty on a terminal, JSON otherwise), pretty or json',
    default: 'auto',
  },
  {
    field: 'logLevel',
    flag: '--log-level',
    value: '<level>',
    env: 'STS_CHAOS_LOG_LEVEL',
    description: 'debug, info, warn or error',
    default: 'info',
  },
];

/** The config file's own setting (it is not a field of RunConfig). */
export const CONFIG_FILE_KEY = {
  flag: '--config',
  value: '<file>',
  env: 'STS_CHAOS_CONFIG',
  description:
    'YAML config file (keys in camelCase, nested as in RunConfig; flags and STS_CHAOS_* override it)',
} as const;

/** The fields of CommonConfig (the settings every command takes). */
export const COMMON_FIELDS: readonly string[] = ['kubeconfig', 'context', 'logFormat', 'logLevel'];

/** The table as Markdown, for the docs. */
export function configKeysMarkdown(): string {
  const cell = (s: string) => s.replaceAll('|', '\\|');
  const rows = [
    '| config file | flag | environment | what | default |',
    '|---|---|---|---|---|',
    ...CONFIG_KEYS.map(
      (k) =>
        `| \`${k.field}\` | ${k.flag ? `\`${k.flag}${k.value ? ` ${k.value}` : ''}\`` : ''} | \`${k.env}\` | ${cell(k.description)} | ${cell(k.default ?? '')} |`,
    ),
    `| | \`${CONFIG_FILE_KEY.flag} ${CONFIG_FILE_KEY.value}\` | \`${CONFIG_FILE_KEY.env}\` | ${cell(CONFIG_FILE_KEY.description)} | |`,
  ];
  return `${rows.join('\n')}\n`;
}
