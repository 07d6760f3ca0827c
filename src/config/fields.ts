/**
 * The value parsers of the schema's fields. Each takes a raw value (a string from a flag or the
 * environment, a typed value from YAML) and returns the field's value or throws a `FieldError` whose
 * message is one line that does not name the field (the loader prefixes the source and the field).
 * `field()` makes a zod field of a parser.
 */
import { z } from 'zod';
import { Duration } from '../util/duration.ts';
import { describe, FieldError, quote } from './message.ts';
import { FAULT_IDS, type FaultId, SUITE_NAMES, type SuiteName } from './types.ts';

/** The longest duration accepted anywhere (timers in Node overflow above 2^31-1 ms, about 24.8 days). */
export const MAX_DURATION = Duration.minutes(24 * 60);

function required(value: unknown): void {
  if (value === undefined) throw new FieldError('is required');
}

/** Text that is not blank. */
export function text(value: unknown): string {
  required(value);
  if (typeof value !== 'string') {
    const hint = typeof value === 'number' || typeof value === 'boolean' ? ` (quote it: "${value}")` : '';
    throw new FieldError(`expected text, got ${describe(value)}${hint}`);
  }
  if (value.trim() === '') throw new FieldError('must not be empty');
  return value;
}

/** One of `values`, as it is spelt there. */
export function oneOf<const T extends string>(values: readonly T[]): (value: unknown) => T {
  return (value) => {
    required(value);
    if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
    throw new FieldError(`${describe(value)} must be one of ${values.join(', ')}`);
  };
}

/** A name of `names` (text first, so that a number says "quote it"); `what` is what a name is. */
function named<const T extends string>(names: readonly T[], what: string): (value: unknown) => T {
  return (value) => {
    const s = text(value);
    if ((names as readonly string[]).includes(s)) return s as T;
    throw new FieldError(`${quote(s)} is not ${what} (${names.join(', ')})`);
  };
}

export const faultId: (value: unknown) => FaultId = named(FAULT_IDS, 'a fault');
export const suite: (value: unknown) => SuiteName = named(SUITE_NAMES, 'a suite');

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

export function bool(value: unknown): boolean {
  required(value);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const s = value.trim().toLowerCase();
    if (TRUE.includes(s)) return true;
    if (FALSE.includes(s)) return false;
  }
  throw new FieldError(`expected true or false, got ${describe(value)}`);
}

/** A whole number of at least `min`: a YAML number, or digits. */
export function integer(min: number): (value: unknown) => number {
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
export function duration(value: unknown): Duration {
  required(value);
  let d: Duration;
  if (typeof value === 'string') {
    try {
      d = Duration.parse(value);
    } catch {
      throw new FieldError(`${quote(value)} is not a duration (${DURATION_HINT})`);
    }
  } else if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    // Checked in seconds first: 1e308 s is a finite number but no finite number of milliseconds.
    if (value > MAX_DURATION.toMilliseconds() / 1000)
      throw new FieldError(`${describe(value)} is too long (at most ${MAX_DURATION})`);
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

/** `parse(value)`, a FieldError of it said of item `index` (from 0) of a list. */
function item<T>(parse: (value: unknown) => T, value: unknown, index: number): T {
  try {
    return parse(value);
  } catch (e) {
    throw e instanceof FieldError ? new FieldError(`item ${index + 1}: ${e.message}`) : e;
  }
}

/**
 * A list: a comma-separated string (flags, environment; blanks around items and empty items dropped) or a
 * YAML list (its items kept as they are, and numbered in messages). Each item goes through `parse`;
 * repeated items are kept once.
 */
export function listOf<T>(
  parse: (value: unknown) => T,
  opts: { nonEmpty?: string } = {},
): (value: unknown) => T[] {
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
      const parsed = Array.isArray(value) ? item(parse, v, i) : parse(v);
      if (!out.includes(parsed)) out.push(parsed);
    }
    return out;
  };
}

/** A command run in a pod (role query, data check): a shell command string (run as `sh -c`), or (YAML) an argv list. */
export function roleCommand(value: unknown): string[] {
  required(value);
  if (typeof value === 'string') return ['sh', '-c', text(value)];
  if (Array.isArray(value) && value.length > 0) return value.map((v, i) => item(text, v, i));
  throw new FieldError(`expected a shell command or a list of arguments, got ${describe(value)}`);
}

/** A zod field from a parser: the parser's FieldError becomes the issue's message. */
export function field<T>(parse: (value: unknown) => T) {
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

/**
 * A listening address `host:port` (`:9464` listens on every interface, `127.0.0.1:0` on an ephemeral
 * port, `[::1]:9464` an IPv6 host).
 */
export function listenAddress(value: unknown): string {
  const s = text(value).trim();
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]\s]*):(\d{1,5})$/.exec(s);
  const port = m ? Number(m[2]) : Number.NaN;
  if (!m || port > 65535)
    throw new FieldError(`${quote(s)} is not host:port (e.g. :9464, 127.0.0.1:9464, [::1]:9464)`);
  return s;
}

/** An http or https URL (a Pushgateway's base URL). */
export function httpUrl(value: unknown): string {
  const s = text(value).trim();
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw new FieldError(`${quote(s)} is not a URL (e.g. http://pushgateway:9091)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new FieldError(`${quote(s)} is not an http or https URL`);
  return s.replace(/\/+$/, '');
}

/**
 * A percentage written with its sign, "25%" or "12.5%" (any source: a bare number would leave 0.25 to
 * mean either a quarter or a quarter of a percent). Returns the number of percent, at least 0.
 */
export function percent(value: unknown): number {
  required(value);
  if (typeof value === 'number')
    throw new FieldError(`${describe(value)} needs its % sign (e.g. "${value}%")`);
  const s = text(value).trim();
  const m = /^(\d+(?:\.\d+)?)\s*%$/.exec(s);
  const n = m ? Number(m[1]) : Number.NaN;
  if (!Number.isFinite(n)) throw new FieldError(`${quote(s)} is not a percentage (e.g. 25%, 12.5%)`);
  return n;
}
