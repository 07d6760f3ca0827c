/**
 * A strict little well-formedness check for the XML and HTML the reports write (tests only): every tag
 * closed in order, attributes quoted, no raw "<" or stray "&" in text or attribute values.
 */

const VOID_HTML = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);
const TAG = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/y;
const ENTITY = /^&(#\d+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);/;

/** Throws an Error naming the first problem and where it is. Returns the element names in document order. */
export function checkMarkup(text: string, mode: 'xml' | 'html' = 'xml'): string[] {
  let s = text;
  if (mode === 'xml') s = s.replace(/^<\?xml[^>]*\?>/, '');
  else s = s.replace(/^<!DOCTYPE html>/i, '');
  const stack: string[] = [];
  const names: string[] = [];
  let i = 0;
  const where = (at: number) => `at ${at}: ${JSON.stringify(s.slice(Math.max(0, at - 40), at + 40))}`;
  const checkAmps = (chunk: string, at: number) => {
    for (let k = chunk.indexOf('&'); k >= 0; k = chunk.indexOf('&', k + 1))
      if (!ENTITY.test(chunk.slice(k))) throw new Error(`stray & ${where(at + k)}`);
  };
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    const end = lt < 0 ? s.length : lt;
    checkAmps(s.slice(i, end), i);
    if (lt < 0) break;
    TAG.lastIndex = lt;
    const m = TAG.exec(s);
    if (!m) throw new Error(`malformed tag ${where(lt)}`);
    const [whole, closing, rawName, attrs = '', selfClosing] = m;
    const name = mode === 'html' ? (rawName as string).toLowerCase() : (rawName as string);
    checkAmps(attrs, lt);
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}> ${where(lt)}`);
    } else {
      names.push(name);
      if (!selfClosing && !(mode === 'html' && VOID_HTML.has(name))) stack.push(name);
    }
    i = lt + whole.length;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  return names;
}

/** Whether `s` holds a character XML 1.0 cannot carry (C0 controls but tab, LF, CR; U+FFFE; U+FFFF). */
export function hasInvalidXmlChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffe || c === 0xffff) return true;
  }
  return false;
}
