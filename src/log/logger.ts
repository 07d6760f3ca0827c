/**
 * The logger: pino, writing JSON lines (for the cluster and CI) or one readable line per event (for a
 * terminal), through a destination of our own (no pino-pretty).
 *
 * Secrets never reach the output. Two layers:
 * 1. pino's `redact` paths (REDACT_PATHS) censor the known places (tokens, Authorization headers,
 *    passwords, kubeconfig users' credentials) with "[redacted]";
 * 2. the destination then scrubs every line whatever its shape: any key named like a secret, at any depth
 *    (authorization, token, password, client-key-data …), and any text that carries a credential
 *    (`Bearer …`, `Basic …`, a JWT, `?access_token=…`) in messages, errors and nested values.
 */
import { hostname } from 'node:os';
import pino from 'pino';
import type { CommonConfig, LogFormat } from '../config/types.ts';

export type Logger = pino.Logger;

/** Where log lines go: stderr by default. */
export interface LogStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

export interface LoggerOptions {
  readonly format: LogFormat;
  readonly level: CommonConfig['logLevel'];
  /** @default process.stderr */
  readonly stream?: LogStream;
  /** Colours in the pretty format. @default when the stream is a terminal and NO_COLOR is not set */
  readonly color?: boolean;
}

export const CENSOR = '[redacted]';

/** The paths pino censors (a `*` stands for one level of keys). */
export const REDACT_PATHS: readonly string[] = [
  'token',
  '*.token',
  'bearerToken',
  '*.bearerToken',
  'password',
  '*.password',
  'authorization',
  '*.authorization',
  'Authorization',
  '*.Authorization',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  '["client-key-data"]',
  '*["client-key-data"]',
  'users[*].user.token',
  'users[*].user.password',
  'users[*].user["client-key-data"]',
  'config.users[*].user.token',
  'config.users[*].user.password',
  'config.users[*].user["client-key-data"]',
];

/** Key names (compared in lower case, without '-' and '_') whose values are secrets wherever they are. */
const SECRET_KEYS = new Set([
  'authorization',
  'proxyauthorization',
  'token',
  'bearertoken',
  'accesstoken',
  'idtoken',
  'refreshtoken',
  'password',
  'passwd',
  'secret',
  'clientsecret',
  'clientkeydata',
  'cookie',
  'setcookie',
  'apikey',
  'xapikey',
]);

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''));
}

const CREDENTIAL_PATTERNS: readonly [RegExp, string][] = [
  // "Bearer <token>" anywhere (RFC 6750's token characters), also URL-encoded ("Bearer%20…"). This also
  // censors the word after "bearer" in prose: better a word too many than a token.
  [/\b(Bearer)(\s+|%20)[A-Za-z0-9\-._~+/]+=*/gi, `$1$2${CENSOR}`],
  // Any credentials of an Authorization header written as text ("Authorization: Basic …").
  [/\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)[^"'\r\n,;}]+/gi, `$1${CENSOR}`],
  // A JWT (service-account tokens are JWTs), wherever it appears.
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, CENSOR],
  // Tokens in query strings.
  [/([?&](?:access_token|id_token|token|api_key|apikey)=)[^&\s"'#]+/gi, `$1${CENSOR}`],
];

/** Text with every credential it carries replaced by "[redacted]". */
export function scrubText(text: string): string {
  let out = text;
  for (const [re, replacement] of CREDENTIAL_PATTERNS) out = out.replace(re, replacement);
  return out;
}

const MAX_DEPTH = 32;

/** A copy of a JSON-like value with secret keys censored and credentials in text scrubbed, at any depth. */
export function scrubSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((v) => scrubSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const safe =
      isSecretKey(k) && v !== null && v !== undefined && v !== '' ? CENSOR : scrubSecrets(v, depth + 1);
    Object.defineProperty(out, k, { value: safe, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Creates the logger. 'auto' is pretty when the stream is a terminal, JSON otherwise. */
export function createLogger(opts: LoggerOptions): Logger {
  const stream = opts.stream ?? process.stderr;
  const pretty = opts.format === 'pretty' || (opts.format === 'auto' && stream.isTTY === true);
  const color = opts.color ?? (pretty && stream.isTTY === true && !process.env.NO_COLOR);
  const destination: pino.DestinationStream = {
    write(line: string) {
      stream.write(render(line, pretty, color));
    },
  };
  return pino(
    {
      level: opts.level,
      redact: { paths: [...REDACT_PATHS], censor: CENSOR },
      base: pretty ? undefined : { pid: process.pid, hostname: hostname() },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** One pino line (JSON) made safe, as JSON or as a readable line. */
export function render(line: string, pretty: boolean, color = false): string {
  let event: unknown;
  try {
    event = JSON.parse(line);
  } catch {
    return `${scrubText(line.trimEnd())}\n`;
  }
  const safe = scrubSecrets(event);
  if (!pretty || typeof safe !== 'object' || safe === null || Array.isArray(safe)) {
    return `${escapeSeparators(JSON.stringify(safe))}\n`;
  }
  return `${formatPretty(safe as Record<string, unknown>, color)}\n`;
}

// --- the pretty format --------------------------------------------------------------------------------

const LEVELS: Record<number, [string, string]> = {
  10: ['TRACE', '90'],
  20: ['DEBUG', '90'],
  30: ['INFO', '32'],
  40: ['WARN', '33'],
  50: ['ERROR', '31'],
  60: ['FATAL', '35'],
};

const OMITTED = new Set(['time', 'level', 'msg', 'pid', 'hostname', 'v']);

/** `HH:MM:SS.mmm LEVEL message key=value …` on one line (local time). */
export function formatPretty(event: Record<string, unknown>, color: boolean): string {
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const parts: string[] = [paint('2', clock(event.time))];
  const level = typeof event.level === 'number' ? LEVELS[event.level] : undefined;
  const label = level?.[0] ?? String(event.level ?? '?').toUpperCase();
  parts.push(paint(level?.[1] ?? '0', label.padEnd(5)));
  if (event.msg !== undefined && event.msg !== '') parts.push(escapeLine(String(event.msg)));
  for (const [key, value] of Object.entries(event)) {
    if (OMITTED.has(key) || value === undefined) continue;
    parts.push(`${paint('36', escapeLine(key))}=${formatValue(value)}`);
  }
  return parts.join(' ');
}

function clock(time: unknown): string {
  const d = typeof time === 'number' || typeof time === 'string' ? new Date(time) : new Date();
  const t = Number.isNaN(d.getTime()) ? new Date() : d;
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(t.getHours())}:${p(t.getMinutes())}:${p(t.getSeconds())}.${p(t.getMilliseconds(), 3)}`;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') {
    return /^[^\s"=\\\p{C}\p{Z}]+$/u.test(value) ? value : escapeSeparators(JSON.stringify(value));
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (isErrorLike(value)) {
    const text = value.type && value.type !== 'Error' ? `${value.type}: ${value.message}` : value.message;
    return escapeSeparators(JSON.stringify(text));
  }
  return escapeSeparators(JSON.stringify(value) ?? String(value));
}

/** pino's serialized error: { type, message, stack, … }. */
function isErrorLike(value: unknown): value is { type?: string; message: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string' &&
    typeof (value as { stack?: unknown }).stack === 'string'
  );
}

/** Control characters and line breaks shown escaped, so that an event stays on one line. */
function escapeLine(s: string): string {
  return s.replace(
    /[\p{Cc}\u2028\u2029]/gu,
    (c) =>
      ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** JSON leaves U+2028 and U+2029 as they are; some terminals and tools break lines there. */
function escapeSeparators(json: string): string {
  return json.replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** The names the destination censors, for the docs. */
export const SECRET_KEY_NAMES: readonly string[] = [...SECRET_KEYS];
