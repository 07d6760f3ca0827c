/** Escaping of untrusted text (pod names, messages, command output) for XML, HTML and Markdown. */

/**
 * Characters XML 1.0 cannot carry at all, even as references: C0 controls other than tab, newline and
 * carriage return, U+FFFE, U+FFFF and lone surrogates. (With the `u` flag a lone surrogate is its own
 * code point, so it falls outside the allowed ranges.)
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Replaces what XML cannot carry with a visible "\u0001" form, so that nothing is lost silently. */
export function xmlSafe(s: string): string {
  return s.replace(NOT_XML_CHAR, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}

const TEXT: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const ATTR: Readonly<Record<string, string>> = {
  ...TEXT,
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Element content: & < > escaped (so "]]>" cannot appear either). */
export function xmlText(value: unknown): string {
  return xmlSafe(String(value)).replace(/[&<>]/g, (c) => TEXT[c] as string);
}

/** Attribute value (for either quote), keeping tabs and line breaks as references. */
export function xmlAttr(value: unknown): string {
  return xmlSafe(String(value)).replace(/[&<>"'\t\n\r]/g, (c) => ATTR[c] as string);
}

/** HTML text or attribute value. */
export function html(value: unknown): string {
  return xmlSafe(String(value)).replace(/[&<>"']/g, (c) => (c === "'" ? '&#39;' : (ATTR[c] as string)));
}

/**
 * Markdown inline text: one line, with the punctuation that could start emphasis, code, links, tables or
 * raw HTML backslash-escaped, and & as an entity so that "&lt;" in a message stays literal.
 */
export function md(value: unknown): string {
  return xmlSafe(String(value))
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/[\\`*_[\]<>|~#]/g, '\\$&');
}
