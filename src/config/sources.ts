/**
 * The raw values of the configuration merged from their sources (the config file, STS_CHAOS_* variables,
 * flags, in rising precedence), keeping where each value came from, so that a value the schema refuses is
 * reported in one line naming its source and its field:
 *
 *     --target: "foo" must be <namespace>/<statefulset>
 *     STS_CHAOS_BUDGET: "banana" is not a duration (use e.g. 250ms, 90s, 3m, 1m30s)
 *     config file x.yaml: nodeLoss.mode: "lan" must be one of none, agent, lab, command
 */
import type { z } from 'zod';
import { keyOfField } from './keys.ts';
import { describe, oneLine, quote } from './message.ts';
import { isPlainObject, type Raw, setOwn } from './raw.ts';
import { unknownKeyMessage } from './unknown-key.ts';

export type Source =
  | { readonly kind: 'flag'; readonly flag: string }
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'file'; readonly file: string };

/** Objects are merged this deep; below, a value replaces the one under it whole (cyclic YAML is safe). */
const MERGE_DEPTH = 2;

const SEP = '\u0000';

/** The merged raw values, and the source of each. */
export class Sources {
  readonly merged: Raw = {};
  readonly #sourceOf = new Map<string, Source>();

  /** Merges `from` over what is there; `sourceOf` says where the value at a path came from. */
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
      return this.#say([...path, key], path, unknownKeyMessage(path, key));
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

  /**
   * `<source>: <field>: <message>`, or for a value no source gave, `<field> <message> (how to set it)`.
   * `lookupPath` finds the source; `fieldPath` is the field the message is about.
   */
  #say(lookupPath: readonly string[], fieldPath: readonly string[], message: string): string {
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
    const key = keyOfField(fieldPath.join('.'));
    const how = key
      ? ` (set it with ${key.flag ? `${key.flag}, ` : ''}${key.env} or ${key.field} in the config file)`
      : '';
    return field ? `${join(field, message)}${how}` : `${message}${how}`;
  }
}
