/**
 * Loads RunConfig from flags, STS_CHAOS_* variables and a YAML config file, in that order of precedence,
 * over the defaults of the schema. The three sources are merged into one raw object, keeping where each
 * value came from, and validated once by RunConfigSchema; a refused value is reported as a UsageError of
 * one line naming its source and its field:
 *
 *     --target: "foo" must be <namespace>/<statefulset>
 *     STS_CHAOS_BUDGET: "banana" is not a duration (use e.g. 250ms, 90s, 3m, 1m30s)
 *     config file x.yaml: nodeLoss.mode: "lan" must be one of none, lab, command
 *
 * A value overridden by a source of higher precedence is not validated (only the value in force is).
 */
import { readFileSync, statSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { UsageError } from '../errors.ts';
import { CONFIG_FILE_KEY, CONFIG_KEYS, type ConfigKey } from './keys.ts';
import { describe, FieldError, parseNamespace, quote, RunConfigObject, RunConfigSchema } from './schema.ts';
import type { CommonConfig, RunConfig, TargetRef } from './types.ts';

export { CONFIG_FILE_KEY, CONFIG_KEYS, type ConfigKey, configKeysMarkdown } from './keys.ts';

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

/** What the cleanup command needs. */
export type CleanupConfig = CommonConfig & {
  readonly namespace: string;
  /** Only this StatefulSet's ledger (and its run Lease) when given. */
  readonly target?: TargetRef;
};

/** The largest config file read (it is a handful of settings). */
const MAX_FILE_BYTES = 1024 * 1024;

/** Loads the configuration of `run` and `plan`. Throws a UsageError of one line. */
export function loadRunConfig(opts: LoadOptions): RunConfig {
  const sources = collect(opts);
  const result = RunConfigSchema.safeParse(sources.merged, { reportInput: true });
  if (!result.success) throw new UsageError(sources.explain(result.error.issues));
  return result.data;
}

/**
 * Loads the configuration of `cleanup`: the common settings and the namespace, from `--namespace` or else
 * the target's namespace (flag, environment or config file). The other settings are validated when given.
 */
export function loadCleanupConfig(opts: LoadOptions): CleanupConfig {
  const sources = collect(opts);
  const result = RunConfigObject.partial({ target: true }).safeParse(sources.merged, { reportInput: true });
  if (!result.success) throw new UsageError(sources.explain(result.error.issues));
  const cfg = result.data;
  const flag = opts.flags?.['--namespace'];
  let namespace: string;
  if (flag !== undefined) {
    try {
      namespace = parseNamespace(typeof flag === 'string' ? flag : String(flag));
    } catch (e) {
      throw e instanceof FieldError ? new UsageError(`--namespace: ${e.message}`) : e;
    }
    const targetFlag = opts.flags?.['--target'];
    if (targetFlag !== undefined && cfg.target && cfg.target.namespace !== namespace) {
      throw new UsageError(
        `--namespace ${quote(namespace)} and --target ${quote(`${cfg.target.namespace}/${cfg.target.name}`)} disagree; give one`,
      );
    }
  } else if (cfg.target) {
    namespace = cfg.target.namespace;
  } else {
    throw new UsageError('cleanup needs --namespace <namespace> or --target <namespace>/<statefulset>');
  }
  return {
    kubeconfig: cfg.kubeconfig,
    context: cfg.context,
    logFormat: cfg.logFormat,
    logLevel: cfg.logLevel,
    namespace,
    ...(cfg.target ? { target: cfg.target } : {}),
  };
}

// --- sources ------------------------------------------------------------------------------------------

type Source =
  | { readonly kind: 'flag'; readonly flag: string }
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'file'; readonly file: string };

type Raw = Record<string, unknown>;

/** Objects are merged this deep; below, a value replaces the one under it whole (cyclic YAML is safe). */
const MERGE_DEPTH = 2;

const KEY_BY_FIELD = new Map(CONFIG_KEYS.map((k) => [k.field, k]));

function collect(opts: LoadOptions): Sources {
  const env = opts.env ?? {};
  const sources = new Sources();
  const envFile = env[CONFIG_FILE_KEY.env];
  const file = opts.configFile ?? (envFile?.trim() ? envFile : undefined);
  if (file !== undefined) {
    const label = fileLabel(file);
    sources.add(readConfigFile(file, label), () => ({ kind: 'file', file: label }));
  }
  const fromEnv: Raw = {};
  for (const key of CONFIG_KEYS) {
    const value = env[key.env];
    if (value !== undefined && value.trim() !== '') setPath(fromEnv, key.field, value);
  }
  sources.add(fromEnv, (path) => ({ kind: 'env', name: keyOf(path)?.env ?? path.join('.') }));
  const fromFlags: Raw = {};
  for (const key of CONFIG_KEYS) {
    const value = key.flag ? opts.flags?.[key.flag] : undefined;
    if (value !== undefined) setPath(fromFlags, key.field, flagValue(key, value));
  }
  sources.add(fromFlags, (path) => ({ kind: 'flag', flag: keyOf(path)?.flag ?? path.join('.') }));
  return sources;
}

function keyOf(path: readonly string[]): ConfigKey | undefined {
  return KEY_BY_FIELD.get(path.join('.'));
}

/** A repeatable flag's values (each possibly a comma-separated list) as one comma-separated list. */
function flagValue(key: ConfigKey, value: Exclude<FlagValue, undefined>): unknown {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return key.repeatable ? value.join(',') : value.at(-1);
}

function setPath(into: Raw, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let at = into;
  for (const part of parts.slice(0, -1)) {
    const next = at[part];
    if (isPlainObject(next)) at = next;
    else {
      const created: Raw = {};
      setOwn(at, part, created);
      at = created;
    }
  }
  setOwn(at, parts.at(-1) as string, value);
}

/** Own, enumerable, even for `__proto__` (which then reaches the schema as an unknown key). */
function setOwn(into: Raw, key: string, value: unknown): void {
  Object.defineProperty(into, key, { value, enumerable: true, writable: true, configurable: true });
}

function isPlainObject(value: unknown): value is Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const SEP = '\u0000';

/** The merged raw values, and the source of each. */
class Sources {
  readonly merged: Raw = {};
  readonly #sourceOf = new Map<string, Source>();

  add(from: Raw, sourceOf: (path: readonly string[]) => Source): void {
    this.#merge(this.merged, from, [], sourceOf);
  }

  #merge(into: Raw, from: Raw, path: readonly string[], sourceOf: (path: readonly string[]) => Source): void {
    for (const key of Object.keys(from)) {
      const value = from[key];
      // YAML's `key:` (null) and `key: ~` leave the setting as it is, like an unset variable.
      if (value === undefined || value === null) continue;
      const at = [...path, key];
      const source = sourceOf(at);
      const existing = Object.hasOwn(into, key) ? into[key] : undefined;
      if (isPlainObject(value) && at.length <= MERGE_DEPTH) {
        let target: Raw;
        if (isPlainObject(existing)) target = existing;
        else {
          target = {};
          setOwn(into, key, target);
          this.#forget(at);
        }
        // A mapping from the file is a source itself (a key missing in it is reported against the file).
        if (source.kind === 'file') this.#sourceOf.set(at.join(SEP), source);
        this.#merge(target, value, at, sourceOf);
      } else {
        setOwn(into, key, value);
        this.#forget(at);
        this.#sourceOf.set(at.join(SEP), source);
      }
    }
  }

  #forget(path: readonly string[]): void {
    const prefix = path.join(SEP) + SEP;
    for (const k of [...this.#sourceOf.keys()]) if (k.startsWith(prefix)) this.#sourceOf.delete(k);
  }

  /** The source of the value at `path`, or of the nearest enclosing value that has one. */
  #lookup(path: readonly string[]): Source | undefined {
    for (let n = path.length; n > 0; n--) {
      const s = this.#sourceOf.get(path.slice(0, n).join(SEP));
      if (s) return s;
    }
    return undefined;
  }

  /** One line for the first issue (unknown keys first: a misspelt key often explains a missing one). */
  explain(issues: readonly z.core.$ZodIssue[]): string {
    const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
    if (!issue) return 'invalid configuration';
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0] ?? '';
      return this.#say([...path], path, unknownKeyMessage(path, key), key);
    }
    let message: string;
    if (issue.code === 'invalid_type' && issue.expected === 'object') {
      const field = path.join('.');
      message = `expected a mapping (e.g. ${field}: {...}), got ${describe(issue.input)}`;
    } else {
      message = oneLine(issue.message);
    }
    return this.#say(path, path, message);
  }

  /** `<source>: <field>: <message>`, or for a value no source gave, `<field> <message> (how to set it)`. */
  #say(path: readonly string[], fieldPath: readonly string[], message: string, unknownKey?: string): string {
    const lookupPath = unknownKey === undefined ? path : [...path, unknownKey];
    const source = this.#lookup(lookupPath);
    const field = fieldPath.map((p) => (/^[A-Za-z_][\w-]*$/.test(p) ? p : quote(p))).join('.');
    const join = (label: string, msg: string) =>
      msg.startsWith('is ') ? `${label} ${msg}` : `${label}: ${msg}`;
    if (source?.kind === 'flag') return join(source.flag, message);
    if (source?.kind === 'env') return join(source.name, message);
    if (source?.kind === 'file') {
      return field
        ? `config file ${source.file}: ${join(field, message)}`
        : `config file ${source.file}: ${message}`;
    }
    const key = KEY_BY_FIELD.get(fieldPath.join('.'));
    const how = key
      ? ` (set it with ${key.flag ? `${key.flag}, ` : ''}${key.env} or ${key.field} in the config file)`
      : '';
    return field ? `${join(field, message)}${how}` : `${message}${how}`;
  }
}

// --- messages -----------------------------------------------------------------------------------------

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ').trim();
}

const TOP_KEYS = Object.keys(RunConfigObject.shape);
const NESTED_KEYS: Record<string, readonly string[]> = {
  nodeLoss: Object.keys(RunConfigObject.shape.nodeLoss.unwrap().shape),
  probes: Object.keys(RunConfigObject.shape.probes.unwrap().shape),
  roleQuery: Object.keys(RunConfigObject.shape.roleQuery.unwrap().shape),
  dataCheck: Object.keys(RunConfigObject.shape.dataCheck.unwrap().shape),
};

function unknownKeyMessage(path: readonly string[], key: string): string {
  const known = path.length === 0 ? TOP_KEYS : (NESTED_KEYS[path[0] ?? ''] ?? []);
  const norm = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');
  const close = known.find((k) => norm(k) === norm(key)) ?? known.find((k) => editDistance(k, key) <= 2);
  const hint = close ? `did you mean ${quote(close)}?` : `known keys: ${known.join(', ')}`;
  return `unknown key ${quote(key)} (${hint})`;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2 || b.length > 64) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 3;
}

/** The file's name as messages show it: as given when it is plain, quoted otherwise. */
function fileLabel(file: string): string {
  return /^[\p{L}\p{N}._/~@+:=,-]+$/u.test(file) && file.length <= 200 ? file : quote(file);
}

// --- the config file ----------------------------------------------------------------------------------

function readConfigFile(file: string, label: string): Raw {
  const fail = (why: string) => new UsageError(`config file ${label}: ${why}`);
  let text: string;
  try {
    if (file.trim() === '') throw fail('no file name given');
    const stat = statSync(file);
    if (stat.isDirectory()) throw fail('is a directory, not a file');
    if (stat.isFile() && stat.size > MAX_FILE_BYTES)
      throw fail(`is too large (${stat.size} bytes; at most 1 MiB)`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw fail(ioReason(e));
  }
  const doc = parseDocument(text, { uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line;
    const what = oneLine((error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?\s*$/, ''));
    throw fail(`not valid YAML (${line === undefined ? '' : `line ${line}: `}${what})`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw fail(`not valid YAML (${oneLine(e instanceof Error ? e.message : String(e))})`);
  }
  if (value === null || value === undefined) return {};
  if (!isPlainObject(value)) {
    throw fail(`expected a mapping of settings (e.g. "target: demo/web"), got ${describe(value)}`);
  }
  return value;
}

function ioReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'not found';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'ENOTDIR':
      return 'not found (a part of the path is not a directory)';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    default:
      return `cannot be read (${code ?? oneLine(e instanceof Error ? e.message : String(e))})`;
  }
}
