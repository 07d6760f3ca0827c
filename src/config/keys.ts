/**
 * Every setting of RunConfig with its flag and its STS_CHAOS_* variable: the one table the loader, the
 * CLI's options and its --help, and the docs are made from.
 */
import { BASELINE_KEYS } from './keys/baseline.ts';
import { FAULT_KEYS } from './keys/faults.ts';
import { GAME_DAY_KEYS } from './keys/game-day.ts';
import { RUN_KEYS } from './keys/run.ts';

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

/** Where the results go besides the reports, how to reach the cluster, and the logs. */
const OUTPUT_KEYS: readonly ConfigKey[] = [
  {
    field: 'resultsConfigMap',
    flag: '--results-configmap',
    value: '<name>',
    env: 'STS_CHAOS_RESULTS_CONFIGMAP',
    description:
      "also store junit.xml, summary.md and report.json in this ConfigMap of the target's namespace",
  },
  {
    field: 'metricsAddress',
    flag: '--metrics-address',
    value: '<host:port>',
    env: 'STS_CHAOS_METRICS_ADDRESS',
    description:
      'serve Prometheus metrics on /metrics at this address during the run (:9464 listens on every interface)',
    default: 'off',
  },
  {
    field: 'metricsLinger',
    flag: '--metrics-linger',
    value: '<duration>',
    env: 'STS_CHAOS_METRICS_LINGER',
    description:
      "with --metrics-address, at the run's end keep /metrics up until one scrape has read the final values, at most this long (0s: close at once)",
    default: '30s',
  },
  {
    field: 'pushgateway',
    flag: '--pushgateway',
    value: '<url>',
    env: 'STS_CHAOS_PUSHGATEWAY',
    description:
      "at the run's end, push the final metrics to this Prometheus Pushgateway (job sts-chaos, run <runId>); best effort",
    default: 'off',
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

export const CONFIG_KEYS: readonly ConfigKey[] = [
  ...RUN_KEYS,
  ...GAME_DAY_KEYS,
  ...FAULT_KEYS,
  ...BASELINE_KEYS,
  ...OUTPUT_KEYS,
];

const KEY_BY_FIELD = new Map(CONFIG_KEYS.map((k) => [k.field, k]));

/** The key of a field (a dotted path, e.g. `nodeLoss.mode`), when it is one. */
export function keyOfField(field: string): ConfigKey | undefined {
  return KEY_BY_FIELD.get(field);
}

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
