/**
 * Generates chart/values.schema.json from the annotated chart/values.yaml (the annotations are described
 * at the top of values.yaml). Run by Node 24 directly:
 *
 *   node scripts/chart-schema.ts           writes chart/values.schema.json
 *   node scripts/chart-schema.ts --check   exits 1 (and says why) when the checked-in file differs
 *
 * A key's schema: its type from the default value or `type=`, its description from its comment, closed
 * objects (additionalProperties false) for maps of keys, `required` and `requiredIf` collected into the
 * parent's `required` and the root's if/then conditions.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, isSeq, type Node, type Pair, parseDocument, type YAMLMap } from 'yaml';

type Schema = { [key: string]: unknown };

const CHART = join(dirname(fileURLToPath(import.meta.url)), '..', 'chart');
const VALUES = join(CHART, 'values.yaml');
const OUT = join(CHART, 'values.schema.json');

const INT_KEYS = ['minimum', 'minLength', 'maxLength'];
const ITEM_KEYS: Record<string, string> = {
  itemPattern: 'pattern',
  itemMinLength: 'minLength',
  itemMaxLength: 'maxLength',
  itemEnum: 'enum',
};
const KNOWN = new Set([
  'type',
  'required',
  'requiredIf',
  'pattern',
  'enum',
  'items',
  'unique',
  'map',
  'anyTrue',
  'json',
  ...INT_KEYS,
  ...Object.keys(ITEM_KEYS),
]);

/** A conditional requirement: `path` (a value path) required and not empty when the boolean `when` is true. */
interface Conditional {
  readonly path: string[];
  readonly when: string[];
}

class AnnotationError extends Error {}

/** The comment of a key: the last block before it (a blank line ends the file's header). */
function commentOf(pair: Pair, parent: YAMLMap, index: number): string {
  const key = pair.key as Node | null;
  const before = key?.commentBefore ?? (index === 0 ? parent.commentBefore : undefined) ?? '';
  const blocks = before.split(/\n\s*\n/);
  return blocks[blocks.length - 1] ?? '';
}

/** Splits a comment into its description and its annotations (name → value; a flag has value ''). */
function annotations(comment: string, where: string): { description: string; notes: Map<string, string> } {
  const text: string[] = [];
  const notes = new Map<string, string>();
  for (const raw of comment.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('@schema')) {
      if (line) text.push(line);
      continue;
    }
    let rest = line.slice('@schema'.length).trim();
    const json = rest.indexOf('json=');
    if (json >= 0) {
      notes.set('json', rest.slice(json + 'json='.length));
      rest = rest.slice(0, json).trim();
    }
    for (const token of rest.split(/\s+/).filter(Boolean)) {
      const eq = token.indexOf('=');
      const name = eq < 0 ? token : token.slice(0, eq);
      if (!KNOWN.has(name)) throw new AnnotationError(`${where}: unknown annotation '${name}'`);
      notes.set(name, eq < 0 ? '' : token.slice(eq + 1));
    }
  }
  return { description: text.join(' '), notes };
}

function typeOf(value: unknown, where: string): string {
  if (value === null) throw new AnnotationError(`${where}: a null default needs type=`);
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (['string', 'boolean', 'object'].includes(typeof value)) return typeof value;
  throw new AnnotationError(`${where}: no JSON type for ${String(value)}`);
}

const types = (spec: string): string | string[] => {
  const list = spec.split('|');
  return list.length === 1 ? (list[0] as string) : list;
};

/** The schema of one key from its default (node) and annotations; `required` and conditionals collected. */
function keySchema(node: unknown, path: string[], notes: Map<string, string>, conds: Conditional[]): Schema {
  const where = path.join('.');
  const s: Schema = {};
  const value = isScalar(node) ? node.value : isSeq(node) ? [] : isMap(node) ? {} : undefined;
  s.type = types(notes.get('type') ?? typeOf(value, where));
  for (const k of ['pattern', ...INT_KEYS]) {
    const v = notes.get(k);
    if (v !== undefined) s[k] = INT_KEYS.includes(k) ? Number(v) : v;
  }
  if (notes.has('enum')) s.enum = notes.get('enum')?.split(',');
  if (notes.has('required') && s.type === 'string') s.minLength = Math.max(1, Number(s.minLength ?? 1));
  if (notes.has('requiredIf'))
    conds.push({ path, when: (notes.get('requiredIf') ?? '').split('.').filter(Boolean) });
  if (s.type === 'array') {
    const items: Schema = {};
    if (notes.has('items')) items.type = types(notes.get('items') ?? '');
    for (const [note, key] of Object.entries(ITEM_KEYS)) {
      const v = notes.get(note);
      if (v !== undefined) items[key] = key === 'enum' ? v.split(',') : key === 'pattern' ? v : Number(v);
    }
    if (!items.type) throw new AnnotationError(`${where}: a list needs items=`);
    s.items = items;
    if (notes.has('unique')) s.uniqueItems = true;
  }
  if (s.type === 'object') {
    if (notes.has('map')) s.additionalProperties = { type: types(notes.get('map') ?? '') };
    else if (isMap(node) && node.items.length > 0) Object.assign(s, mapSchema(node, path, conds));
    else if (!notes.has('json')) throw new AnnotationError(`${where}: an empty map needs map= or json=`);
    if (notes.has('anyTrue') && isMap(node))
      s.anyOf = node.items.map((p) => {
        const key = String((p.key as { value: unknown }).value);
        return { properties: { [key]: { const: true } }, required: [key] };
      });
  }
  const json = notes.get('json');
  if (json !== undefined) {
    let extra: Schema;
    try {
      extra = JSON.parse(json) as Schema;
    } catch (e) {
      throw new AnnotationError(`${where}: json= is not JSON: ${(e as Error).message}`);
    }
    for (const [k, v] of Object.entries(extra))
      s[k] = isPlain(s[k]) && isPlain(v) ? { ...(s[k] as Schema), ...(v as Schema) } : v;
  }
  return s;
}

const isPlain = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A closed object: one property per key, in the order of values.yaml. */
function mapSchema(map: YAMLMap, path: string[], conds: Conditional[]): Schema {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  map.items.forEach((pair, i) => {
    const key = String((pair.key as { value: unknown }).value);
    const at = [...path, key];
    const { description, notes } = annotations(commentOf(pair, map, i), at.join('.'));
    const s = keySchema(pair.value, at, notes, conds);
    properties[key] = description ? { description, ...s } : s;
    if (notes.has('required')) required.push(key);
  });
  return {
    additionalProperties: false,
    properties,
    ...(required.length ? { required } : {}),
  };
}

/** `{properties: {a: {properties: {b: leaf}, required: [b]}}, required: [a]}` for the path a.b. */
function nested(path: string[], leaf: Schema): Schema {
  let s = leaf;
  for (const key of [...path].reverse()) s = { properties: { [key]: s }, required: [key] };
  return s;
}

export function generate(valuesText: string): Schema {
  const doc = parseDocument(valuesText);
  if (doc.errors.length) throw new AnnotationError(`values.yaml: ${doc.errors[0]?.message}`);
  if (!isMap(doc.contents)) throw new AnnotationError('values.yaml: not a map');
  const conds: Conditional[] = [];
  const root = mapSchema(doc.contents, [], conds);
  const allOf = conds.map((c) => {
    const key = c.path[c.path.length - 1] as string;
    return {
      if: nested(c.when, { const: true }),
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keywords, not a thenable
      then: nested(c.path.slice(0, -1), { properties: { [key]: { minLength: 1 } }, required: [key] }),
    };
  });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'sts-chaos chart values',
    description: 'Generated from values.yaml by scripts/chart-schema.ts: do not edit.',
    type: 'object',
    ...root,
    ...(allOf.length ? { allOf } : {}),
  };
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  let text: string;
  try {
    text = `${JSON.stringify(generate(readFileSync(VALUES, 'utf8')), null, 2)}\n`;
  } catch (e) {
    if (!(e instanceof AnnotationError)) throw e;
    process.stderr.write(`chart-schema: ${e.message}\n`);
    return 2;
  }
  if (!check) {
    writeFileSync(OUT, text);
    return 0;
  }
  let current = '';
  try {
    current = readFileSync(OUT, 'utf8');
  } catch {
    // missing: differs
  }
  if (current === text) return 0;
  process.stderr.write(
    'chart-schema: chart/values.schema.json is not what chart/values.yaml generates: run `node scripts/chart-schema.ts` and commit it\n',
  );
  return 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
  process.exitCode = main(process.argv.slice(2));
