/**
 * Loads RunConfig from flags, STS_CHAOS_* variables and a YAML config file, in that order of precedence,
 * over the defaults of the schema. The three sources are merged into one raw object, keeping where each
 * value came from (`collect.ts`, `sources.ts`), and validated once by RunConfigSchema; a refused value is
 * reported as a UsageError of one line naming its source and its field:
 *
 *     --target: "foo" must be <namespace>/<statefulset>
 *     STS_CHAOS_BUDGET: "banana" is not a duration (use e.g. 250ms, 90s, 3m, 1m30s)
 *     config file x.yaml: nodeLoss.mode: "lan" must be one of none, agent, lab, command
 *
 * A value overridden by a source of higher precedence is not validated (only the value in force is).
 */
import { UsageError } from '../errors.ts';
import { collect, type LoadOptions } from './collect.ts';
import { FieldError, quote } from './message.ts';
import { parseNamespace } from './names.ts';
import { RunConfigObject, RunConfigSchema } from './schema.ts';
import type { CommonConfig, RunConfig, TargetRef } from './types.ts';

export type { FlagValue, LoadOptions } from './collect.ts';
export { CONFIG_FILE_KEY, CONFIG_KEYS, type ConfigKey, configKeysMarkdown } from './keys.ts';

/** What the cleanup command needs. */
export type CleanupConfig = CommonConfig & {
  readonly namespace: string;
  /** Only these StatefulSets' ledgers (and their run Leases) when given; all in `namespace`. */
  readonly targets?: readonly TargetRef[];
};

/** Loads the configuration of `run` and `plan`. Throws a UsageError of one line. */
export function loadRunConfig(opts: LoadOptions): RunConfig {
  const sources = collect(opts);
  const result = RunConfigSchema.safeParse(sources.merged, { reportInput: true });
  if (!result.success) throw new UsageError(sources.explain(result.error.issues));
  return result.data;
}

/** What `compare` takes of the configuration: its thresholds (its reports come from its command line). */
export type CompareConfig = Pick<RunConfig, 'maxRegression' | 'minSamples'>;

/**
 * Loads the configuration of `compare`: --max-regression and --min-samples from their flags, STS_CHAOS_*
 * variables or the config file (the other settings are validated when given, as for cleanup).
 */
export function loadCompareConfig(opts: LoadOptions): CompareConfig {
  const sources = collect(opts);
  const result = RunConfigObject.partial({ target: true }).safeParse(sources.merged, { reportInput: true });
  if (!result.success) throw new UsageError(sources.explain(result.error.issues));
  return { maxRegression: result.data.maxRegression, minSamples: result.data.minSamples };
}

/**
 * Loads the configuration of `cleanup`: the common settings and the namespace, from `--namespace` or else
 * the target's namespace (flag, environment or config file). The other settings are validated when given.
 */
export function loadCleanupConfig(opts: LoadOptions): CleanupConfig {
  const sources = collect(opts);
  const result = RunConfigObject.partial({ target: true }).safeParse(sources.merged, { reportInput: true });
  if (!result.success) throw new UsageError(sources.explain(result.error.issues));
  const { target: targets, ...cfg } = result.data;
  const target = targets?.[0];
  const other = targets?.find((t) => t.namespace !== target?.namespace);
  if (target && other)
    throw new UsageError(
      `cleanup takes the targets of one namespace; got ${target.namespace}/${target.name} and ${other.namespace}/${other.name} (run it once per namespace)`,
    );
  const flag = opts.flags?.['--namespace'];
  let namespace: string;
  if (flag !== undefined) {
    try {
      namespace = parseNamespace(typeof flag === 'string' ? flag : String(flag));
    } catch (e) {
      throw e instanceof FieldError ? new UsageError(`--namespace: ${e.message}`) : e;
    }
    const targetFlag = opts.flags?.['--target'];
    if (targetFlag !== undefined && target && target.namespace !== namespace) {
      throw new UsageError(
        `--namespace ${quote(namespace)} and --target ${quote(`${target.namespace}/${target.name}`)} disagree; give one`,
      );
    }
  } else if (target) {
    namespace = target.namespace;
  } else {
    throw new UsageError('cleanup needs --namespace <namespace> or --target <namespace>/<statefulset>');
  }
  return {
    kubeconfig: cfg.kubeconfig,
    context: cfg.context,
    logFormat: cfg.logFormat,
    logLevel: cfg.logLevel,
    namespace,
    ...(targets?.length ? { targets } : {}),
  };
}
