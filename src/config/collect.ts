/**
 * The three sources of the configuration, read into one `Sources`: the YAML config file, then the
 * STS_CHAOS_* variables of CONFIG_KEYS, then the flags, each over the one before.
 */
import { fileLabel, readConfigFile } from './file.ts';
import { CONFIG_FILE_KEY, CONFIG_KEYS, type ConfigKey, keyOfField } from './keys.ts';
import { type Raw, setPath } from './raw.ts';
import { Sources } from './sources.ts';

/** A flag's value as the CLI parsed it: text, a switch, or the values of a repeatable flag. */
export type FlagValue = string | boolean | readonly string[] | undefined;

export interface LoadOptions {
  /** Flag values keyed by the long flag, e.g. `{ '--budget': '90s', '--data-path': ['/a', '/b'] }`. */
  readonly flags?: Readonly<Record<string, FlagValue>>;
  /** The environment; the STS_CHAOS_* variables of CONFIG_KEYS are read, empty ones count as unset. */
  readonly env?: NodeJS.ProcessEnv;
  /** The YAML config file (--config); STS_CHAOS_CONFIG when absent; none when neither. */
  readonly configFile?: string;
}

/** The file, the environment and the flags of `opts`, merged. */
export function collect(opts: LoadOptions): Sources {
  const env = opts.env ?? {};
  const sources = new Sources();
  const envFile = env[CONFIG_FILE_KEY.env];
  const file = opts.configFile ?? (envFile?.trim() ? envFile : undefined);
  if (file !== undefined) {
    const label = fileLabel(file);
    sources.add(readConfigFile(file, label), () => ({ kind: 'file', file: label }));
  }
  const fromEnv = byField((key) => {
    const value = env[key.env];
    return value !== undefined && value.trim() !== '' ? value : UNSET;
  });
  sources.add(fromEnv, (path) => ({ kind: 'env', name: keyOf(path)?.env ?? path.join('.') }));
  const fromFlags = byField((key) => {
    const value = key.flag ? opts.flags?.[key.flag] : undefined;
    return value === undefined ? UNSET : flagValue(key, value);
  });
  sources.add(fromFlags, (path) => ({ kind: 'flag', flag: keyOf(path)?.flag ?? path.join('.') }));
  return sources;
}

/** What a source gives for a key it does not set. */
const UNSET: unique symbol = Symbol('unset');

/** The raw values `read` gives for the keys of CONFIG_KEYS, nested by field. */
function byField(read: (key: ConfigKey) => unknown): Raw {
  const raw: Raw = {};
  for (const key of CONFIG_KEYS) {
    const value = read(key);
    if (value !== UNSET) setPath(raw, key.field, value);
  }
  return raw;
}

function keyOf(path: readonly string[]): ConfigKey | undefined {
  return keyOfField(path.join('.'));
}

/** A repeatable flag's values (each possibly a comma-separated list) as one comma-separated list. */
function flagValue(key: ConfigKey, value: Exclude<FlagValue, undefined>): unknown {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return key.repeatable ? value.join(',') : value.at(-1);
}
