/**
 * The one schema of RunConfig. Flags, STS_CHAOS_* variables and the config file are merged into one plain
 * object of raw values (strings from flags and the environment, typed values from YAML) and validated by
 * `RunConfigSchema` once; `load.ts` names the source of a value that is refused.
 *
 * The fields' value parsers are in `fields.ts` and `names.ts`; each throws a `FieldError` (`message.ts`)
 * whose message is one line that does not name the field (the loader prefixes the source and the field).
 */
import { z } from 'zod';
import { Duration } from '../util/duration.ts';
import {
  bool,
  duration,
  faultId,
  field,
  httpUrl,
  integer,
  listenAddress,
  listOf,
  oneOf,
  percent,
  roleCommand,
  suite,
  text,
} from './fields.ts';
import { containerName, parseNamespace, parseSelector, parseTargets } from './names.ts';
import {
  type CommonConfig,
  DEFAULT_FAULTS,
  DEFAULT_SUITES,
  FAULT_IDS,
  type LogFormat,
  type NodeLossMode,
  type RunConfig,
  SUITE_NAMES,
} from './types.ts';

export { MAX_DURATION } from './fields.ts';
export { describe, FieldError, quote } from './message.ts';
export { isDnsLabel, isDnsSubdomain, parseNamespace, parseTarget } from './names.ts';

export const LOG_FORMATS: readonly LogFormat[] = ['auto', 'pretty', 'json'];
export const LOG_LEVELS: readonly CommonConfig['logLevel'][] = ['debug', 'info', 'warn', 'error'];
export const NODE_LOSS_MODES: readonly NodeLossMode[] = ['none', 'agent', 'lab', 'command'];

/** The object schema, without the rules that tie fields together (those are in RunConfigSchema). */
export const RunConfigObject = z.strictObject({
  kubeconfig: field(text).optional(),
  context: field(text).optional(),
  logFormat: field(oneOf(LOG_FORMATS)).default('auto'),
  logLevel: field(oneOf(LOG_LEVELS)).default('info'),
  target: field(parseTargets).optional(),
  selector: field(parseSelector).optional(),
  suites: field(listOf(suite, { nonEmpty: `names no suite (${SUITE_NAMES.join(', ')})` })).default(() => [
    ...DEFAULT_SUITES,
  ]),
  faults: field(listOf(faultId, { nonEmpty: `names no fault (${FAULT_IDS.join(', ')})` })).default(() => [
    ...DEFAULT_FAULTS,
  ]),
  grep: field(text).optional(),
  skip: field(text).optional(),
  dataPaths: field(listOf(text)).default(() => []),
  reportDir: field(text).default('./sts-chaos-report'),
  budget: field(duration).default(() => Duration.minutes(3)),
  dnsBudget: field(duration).default(() => Duration.seconds(60)),
  dryRun: field(bool).default(false),
  events: field(bool).default(true),
  allowNamespaces: field(listOf(parseNamespace)).default(() => []),
  maxDisrupted: field(integer(1)).default(1),
  ordinal: field(integer(0)).optional(),
  nodeLoss: z
    .strictObject({
      mode: field(oneOf(NODE_LOSS_MODES)).default('none'),
      downCommand: field(text).optional(),
      upCommand: field(text).optional(),
      hold: field(duration).default(() => Duration.seconds(80)),
      holdAfterEviction: field(duration).default(() => Duration.seconds(10)),
      labScript: field(text).default('lab/lab.sh'),
      containersLeftRunning: field(bool).default(true),
      forceDeleteLostPod: field(bool).default(false),
      kind: field(oneOf(['partition', 'power-off'] as const)).default('partition'),
      fence: field(oneOf(['none', 'out-of-service'] as const)).default('none'),
      agentImage: field(text).optional(),
      agentNamespace: field(text).optional(),
      agentServiceAccount: field(text).optional(),
    })
    .prefault({}),
  probes: z
    .strictObject({
      breakCommand: field(text).optional(),
      healCommand: field(text).optional(),
      holdFor: field(duration).default(() => Duration.seconds(20)),
    })
    .prefault({}),
  updates: z
    .strictObject({
      partition: field(integer(1)).optional(),
      onDeleteWatch: field(duration).default(() => Duration.seconds(20)),
      badReleaseHold: field(duration).default(() => Duration.seconds(30)),
      rollbackWait: field(duration).default(() => Duration.seconds(60)),
    })
    .prefault({}),
  roleQuery: z
    .strictObject({
      command: field(roleCommand),
      primaryValues: field(listOf(text, { nonEmpty: 'names no value' })).default(() => [
        'primary',
        'leader',
        'master',
      ]),
      interval: field(duration).default(() => Duration.seconds(2)),
    })
    .optional(),
  dataCheck: z
    .strictObject({
      write: field(roleCommand),
      verify: field(roleCommand),
      writeOrdinal: field(integer(0)).optional(),
      timeout: field(duration).default(() => Duration.seconds(60)),
    })
    .optional(),
  container: field(containerName).optional(),
  processName: field(text).optional(),
  debugImage: field(text).default('busybox:1.36'),
  resultsConfigMap: field(text).optional(),
  metricsAddress: field(listenAddress).optional(),
  metricsLinger: field(duration).default(() => Duration.seconds(30)),
  pushgateway: field(httpUrl).optional(),
  guided: field(bool).default(false),
  repeat: field(integer(1)).optional(),
  repeatFor: field(duration).optional(),
  baseline: field(listOf(text)).default(() => []),
  maxRegression: field(percent).default(25),
  minSamples: field(integer(1)).default(3),
});

/** RunConfig: the object schema plus the rules that tie fields together. */
export const RunConfigSchema = RunConfigObject.superRefine((cfg, ctx) => {
  if (!cfg.target && !cfg.selector)
    ctx.addIssue({ code: 'custom', path: ['target'], message: 'is required, as <namespace>/<statefulset>' });
  const { mode, downCommand, upCommand } = cfg.nodeLoss;
  if (mode === 'agent' && !cfg.nodeLoss.agentImage)
    ctx.addIssue({
      code: 'custom',
      path: ['nodeLoss', 'mode'],
      message:
        '"agent" needs the agent\'s image (--node-loss-agent-image, or nodeLoss.agentImage): the sts-chaos image',
    });
  if (cfg.nodeLoss.kind === 'power-off' && mode !== 'agent' && mode !== 'lab')
    ctx.addIssue({
      code: 'custom',
      path: ['nodeLoss', 'kind'],
      message: `"power-off" is done by the node agent (--node-loss agent) or the lab (--node-loss lab); with mode "${mode}" your commands decide (nodeLoss.containersLeftRunning)`,
    });
  if (cfg.nodeLoss.fence === 'out-of-service' && cfg.nodeLoss.kind !== 'power-off')
    ctx.addIssue({
      code: 'custom',
      path: ['nodeLoss', 'fence'],
      message:
        '"out-of-service" fences a node whose containers are dead: it needs --node-loss-kind power-off (a partitioned node is never tainted: its containers still run)',
    });
  if (mode === 'command') {
    const missing = [!downCommand && 'a down command', !upCommand && 'an up command'].filter(Boolean);
    if (missing.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['nodeLoss', 'mode'],
        message: `"command" needs ${missing.join(' and ')} (--node-down-command and --node-up-command, or nodeLoss.downCommand and nodeLoss.upCommand)`,
      });
    }
  } else {
    for (const key of ['downCommand', 'upCommand'] as const) {
      if (cfg.nodeLoss[key] !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['nodeLoss', key],
          message: `is only used when the node loss mode is "command" (it is "${mode}")`,
        });
      }
    }
  }
}).transform(({ target, ...cfg }) => ({
  ...cfg,
  targets: target ?? [],
  // The run's target as loaded: the first given, else the selector's namespace (runCommand expands it).
  target: target?.[0] ?? { namespace: cfg.selector?.namespace ?? '', name: '' },
}));

/** The input the schema takes (raw values). */
export type RunConfigInput = z.input<typeof RunConfigSchema>;

// A compile-time check that the schema's output is a RunConfig.
const _isRunConfig = (out: z.output<typeof RunConfigSchema>): RunConfig => out;
void _isRunConfig;
