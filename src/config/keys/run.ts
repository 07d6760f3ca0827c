/** The settings that choose what a run does and how hard: the target, the tests, the budget, the limits. */
import type { ConfigKey } from '../keys.ts';

export const RUN_KEYS: readonly ConfigKey[] = [
  {
    field: 'target',
    flag: '--target',
    value: '<namespace/name>',
    repeatable: true,
    env: 'STS_CHAOS_TARGET',
    description:
      'the StatefulSet to test, as <namespace>/<statefulset>; several (repeated or comma-separated) are tested one after another, each with its own Lease, ledger and report (required unless --selector)',
  },
  {
    field: 'selector',
    flag: '--selector',
    value: '<namespace/labels>',
    env: 'STS_CHAOS_SELECTOR',
    description:
      'also test every StatefulSet of a namespace whose labels match a label selector, e.g. prod/tier=db or prod/app.kubernetes.io/part-of=shop (namespace, then the selector)',
  },
  {
    field: 'suites',
    flag: '--suites',
    value: '<names>',
    repeatable: true,
    env: 'STS_CHAOS_SUITES',
    description:
      'suites to run, comma-separated: identity, ordering, volumes, probes, split-brain, updates (it rolls every pod: named only), recreate (it deletes and re-creates the StatefulSet: named only)',
    default: 'all but updates and recreate',
  },
  {
    field: 'faults',
    flag: '--faults',
    value: '<names>',
    repeatable: true,
    env: 'STS_CHAOS_FAULTS',
    description:
      'only the steps of these faults, comma-separated: pod-kill, process-kill, claim-deletion, probe-breakage, scale, node-cordon, node-drain, node-loss, rolling-update, bad-release (named only), recreate',
    default: 'all but bad-release',
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
    field: 'dnsBudget',
    flag: '--dns-budget',
    value: '<duration>',
    env: 'STS_CHAOS_DNS_BUDGET',
    description: 'time allowed, once a pod is Ready, for its stable DNS name to resolve to its IP (ID-3)',
    default: '60s',
  },
  {
    field: 'dryRun',
    flag: '--dry-run',
    env: 'STS_CHAOS_DRY_RUN',
    description: 'say what would be done, touch nothing',
    default: 'false',
  },
  {
    field: 'events',
    flag: '--no-events',
    env: 'STS_CHAOS_EVENTS',
    description:
      'write each fault window as Kubernetes Events on the StatefulSet and its victim pod (FaultInjected, FaultRecovered, FaultReverted, FaultAborted; RunFinished at the end); --no-events, or false, turns it off',
    default: 'true',
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
];
