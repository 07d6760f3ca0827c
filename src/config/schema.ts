/**
 * The one schema of RunConfig. Flags, STS_CHAOS_* variables and the config file are merged into one plain
 * object of raw values (strings from flags and the environment, typed values from YAML) and validated by
 * `RunConfigSchema` once; `load.ts` names the source of a value that is refused.
 *
 * Every field parser throws a `FieldError` whose message is one line that does not name the field (the
 * loader prefixes the source and the field), and that quotes the offending value safely (`quote`).
 */
import { z } from 'zod';
import { Duration } from '../util/duration.ts';
import {
  type CommonConfig,
  FAULT_IDS,
  type FaultId,
  type LogFormat,
  type NodeLossMode,
  type RunConfig,
  SUITE_NAMES,
  type SuiteName,
  type TargetRef,
} from './types.ts';

export const LOG_FORMATS: readonly LogFormat[] = ['auto', 'pretty', 'json'];
export const LOG_LEVELS: readonly CommonConfig['logLevel'][] = ['debug', 'info', 'warn', 'error'];
export const NODE_LOSS_MODES: readonly NodeLossMode[] = ['none', 'lab', 'command'];

/** The longest duration accepted anywhere (timers in Node overflow above 2^31-1 ms, about 24.8 days). */
export const MAX_DURATION = Duration.minutes(24 * 60);

/** A value a field does not take. The message is one line and does not name the field. */
export class FieldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldError';
  }
}

const QUOTE_MAX = 60;

/**
 * A value quoted for a one-line message: JSON-style quotes, control characters, line and paragraph
 * separators and bidirectional controls escaped, long values cut (with the length said).
 */
export function quote(value: string): string {
  const chars = Array.from(value);
  const cut = chars.length > QUOTE_MAX ? `${chars.slice(0, QUOTE_MAX).join('')}…` : value;
  const json = JSON.stringify(cut).replace(
    /[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return chars.length > QUOTE_MAX ? `${json} (${chars.length} characters)` : json;
}

/** What a raw value is, for "expected X, got Y" (never recurses, so cyclic YAML is safe). */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'binary data';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

// --- names -------------------------------------------------------------------------------------------

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A DNS-1123 label (namespaces, container names): lowercase letters, digits and '-', at most 63. */
export function isDnsLabel(s: string): boolean {
  return s.length <= 63 && DNS_LABEL.test(s);
}

/** A DNS-1123 subdomain (object names): labels joined by '.', at most 253 characters. */
export function isDnsSubdomain(s: string): boolean {
  return s.length <= 253 && DNS_SUBDOMAIN.test(s);
}

const LABEL_RULE =
  "lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63";
const SUBDOMAIN_RULE =
  "lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253";

/** Parses `<namespace>/<statefulset>`; throws a FieldError saying what is wrong. */
export function parseTarget(value: unknown): TargetRef {
  if (value === undefined) throw new FieldError('is required, as <namespace>/<statefulset>');
  if (typeof value !== 'string')
    throw new FieldError(`expected <namespace>/<statefulset>, got ${describe(value)}`);
  const parts = value.split('/');
  const [namespace, name] = parts;
  if (parts.length !== 2 || !namespace || !name) {
    throw new FieldError(`${quote(value)} must be <namespace>/<statefulset>`);
  }
  if (!isDnsLabel(namespace)) {
    throw new FieldError(
      `${quote(value)}: namespace ${quote(namespace)} is not a valid name (${LABEL_RULE})`,
    );
  }
  if (!isDnsSubdomain(name)) {
    throw new FieldError(`${quote(value)}: name ${quote(name)} is not a valid name (${SUBDOMAIN_RULE})`);
  }
  return { namespace, name };
}

/** A namespace name; throws a FieldError. */
export function parseNamespace(value: unknown): string {
  const s = text(value);
  if (!isDnsLabel(s)) throw new FieldError(`${quote(s)} is not a valid namespace (${LABEL_RULE})`);
  return s;
}

// --- field parsers ------------------------------------------------------------------------------------

function required(value: unknown): void {
  if (value === undefined) throw new FieldError('is required');
}

function text(value: unknown): string {
  required(value);
  if (typeof value !== 'string') {
    const hint = typeof value === 'number' || typeof value === 'boolean' ? ` (quote it: "${value}")` : '';
    throw new FieldError(`expected text, got ${describe(value)}${hint}`);
  }
  if (value.trim() === '') throw new FieldError('must not be empty');
  return value;
}

function containerName(value: unknown): string {
  const s = text(value);
  if (!isDnsLabel(s)) throw new FieldError(`${quote(s)} is not a valid container name (${LABEL_RULE})`);
  return s;
}

function oneOf<const T extends string>(values: readonly T[]): (value: unknown) => T {
  return (value) => {
    required(value);
    if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
    throw new FieldError(`${describe(value)} must be one of ${values.join(', ')}`);
  };
}

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

function bool(value: unknown): boolean {
  required(value);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const s = value.trim().toLowerCase();
    if (TRUE.includes(s)) return true;
    if (FALSE.includes(s)) return false;
  }
  throw new FieldError(`expected true or false, got ${describe(value)}`);
}

function integer(min: number): (value: unknown) => number {
  return (value) => {
    required(value);
    let n: number | undefined;
    if (typeof value === 'number') n = value;
    else if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) n = Number(value);
    if (n === undefined || !Number.isSafeInteger(n)) {
      throw new FieldError(`expected a whole number, got ${describe(value)}`);
    }
    if (n < min) throw new FieldError(`${n} is too small (at least ${min})`);
    return n;
  };
}

const DURATION_HINT = 'use e.g. 250ms, 90s, 3m, 1m30s';

/** A duration: "3m", "90s", "1m30s" (any source), or a number of seconds (YAML). Must be > 0 and ≤ 24h. */
function duration(value: unknown): Duration {
  required(value);
  let d: Duration;
  if (typeof value === 'string') {
    try {
      d = Duration.parse(value);
    } catch {
      throw new FieldError(`${quote(value)} is not a duration (${DURATION_HINT})`);
    }
  } else if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    d = Duration.seconds(value);
  } else {
    throw new FieldError(
      `expected a duration (${DURATION_HINT}, or a number of seconds), got ${describe(value)}`,
    );
  }
  if (d.toMilliseconds() <= 0) throw new FieldError(`${describe(value)} must be longer than 0`);
  if (d.toMilliseconds() > MAX_DURATION.toMilliseconds()) {
    throw new FieldError(`${describe(value)} is too long (at most ${MAX_DURATION})`);
  }
  return d;
}

/**
 * A list: a comma-separated string (flags, environment; blanks around items and empty items dropped) or a
 * YAML list of strings (kept as they are). Each item goes through `item`.
 */
function listOf<T>(item: (value: unknown) => T, opts: { nonEmpty?: string } = {}): (value: unknown) => T[] {
  return (value) => {
    required(value);
    let raw: unknown[];
    if (typeof value === 'string') {
      raw = value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    } else if (Array.isArray(value)) {
      raw = value;
    } else {
      throw new FieldError(`expected a list (or a comma-separated string), got ${describe(value)}`);
    }
    if (raw.length === 0 && opts.nonEmpty) throw new FieldError(opts.nonEmpty);
    const out: T[] = [];
    for (const [i, v] of raw.entries()) {
      try {
        const parsed = item(v);
        if (!out.includes(parsed)) out.push(parsed);
      } catch (e) {
        if (e instanceof FieldError && Array.isArray(value))
          throw new FieldError(`item ${i + 1}: ${e.message}`);
        throw e;
      }
    }
    return out;
  };
}

function faultId(value: unknown): FaultId {
  const s = text(value);
  if ((FAULT_IDS as readonly string[]).includes(s)) return s as FaultId;
  throw new FieldError(`${quote(s)} is not a fault (${FAULT_IDS.join(', ')})`);
}

function suite(value: unknown): SuiteName {
  const s = text(value);
  if ((SUITE_NAMES as readonly string[]).includes(s)) return s as SuiteName;
  throw new FieldError(`${quote(s)} is not a suite (${SUITE_NAMES.join(', ')})`);
}

/** A command run in a pod (role query, data check): a shell command string (run as `sh -c`), or (YAML) an argv list. */
function roleCommand(value: unknown): string[] {
  required(value);
  if (typeof value === 'string') return ['sh', '-c', text(value)];
  if (Array.isArray(value) && value.length > 0) {
    return value.map((v, i) => {
      try {
        return text(v);
      } catch (e) {
        throw e instanceof FieldError ? new FieldError(`item ${i + 1}: ${e.message}`) : e;
      }
    });
  }
  throw new FieldError(`expected a shell command or a list of arguments, got ${describe(value)}`);
}

/** A zod field from a parser: the parser's FieldError becomes the issue's message. */
function field<T>(parse: (value: unknown) => T) {
  return z.unknown().transform((value, ctx): T => {
    try {
      return parse(value);
    } catch (e) {
      if (!(e instanceof FieldError)) throw e;
      ctx.issues.push({ code: 'custom', message: e.message, input: value });
      return z.NEVER;
    }
  });
}

// --- the schema ---------------------------------------------------------------------------------------

/** The object schema, without the rules that tie fields together (those are in RunConfigSchema). */
export const RunConfigObject = z.strictObject({
  kubeconfig: field(text).optional(),
  context: field(text).optional(),
  logFormat: field(oneOf(LOG_FORMATS)).default('auto'),
  logLevel: field(oneOf(LOG_LEVELS)).default('info'),
  target: field(parseTarget),
  suites: field(listOf(suite, { nonEmpty: `names no suite (${SUITE_NAMES.join(', ')})` })).default(() => [
    ...SUITE_NAMES,
  ]),
  faults: field(listOf(faultId, { nonEmpty: `names no fault (${FAULT_IDS.join(', ')})` })).default(() => [
    ...FAULT_IDS,
  ]),
  grep: field(text).optional(),
  skip: field(text).optional(),
  dataPaths: field(listOf(text)).default(() => []),
  reportDir: field(text).default('./sts-chaos-report'),
  budget: field(duration).default(() => Duration.minutes(3)),
  dryRun: field(bool).default(false),
  allowNamespaces: field(listOf(parseNamespace)).default(() => []),
  maxDisrupted: field(integer(1)).default(1),
  ordinal: field(integer(0)).optional(),
  nodeLoss: z
    .strictObject({
      mode: field(oneOf(NODE_LOSS_MODES)).default('none'),
      downCommand: field(text).optional(),
      upCommand: field(text).optional(),
      labScript: field(text).default('lab/lab.sh'),
      containersLeftRunning: field(bool).default(true),
      forceDeleteLostPod: field(bool).default(false),
    })
    .prefault({}),
  probes: z
    .strictObject({
      breakCommand: field(text).optional(),
      healCommand: field(text).optional(),
      holdFor: field(duration).default(() => Duration.seconds(20)),
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
      writeOrdinal: field(integer(0)).default(0),
      timeout: field(duration).default(() => Duration.seconds(60)),
    })
    .optional(),
  container: field(containerName).optional(),
  processName: field(text).optional(),
  debugImage: field(text).default('busybox:1.36'),
  resultsConfigMap: field(text).optional(),
});

/** RunConfig: the object schema plus the rules that tie fields together. */
export const RunConfigSchema = RunConfigObject.superRefine((cfg, ctx) => {
  const { mode, downCommand, upCommand } = cfg.nodeLoss;
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
});

/** The input the schema takes (raw values). */
export type RunConfigInput = z.input<typeof RunConfigSchema>;

// A compile-time check that the schema's output is a RunConfig.
const _isRunConfig = (out: z.output<typeof RunConfigSchema>): RunConfig => out;
void _isRunConfig;
