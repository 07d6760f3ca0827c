/**
 * The pieces of a one-line configuration message: the error a field parser throws, a value quoted safely,
 * what a raw value is, and text folded onto one line.
 */

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

/** Text on one line: line breaks (and the blanks around them) become one space. */
export function oneLine(s: string): string {
  return s.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ').trim();
}

/** An error's message, or the thrown value as text. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
