/**
 * Reading kubeconfig files and merging several (KUBECONFIG=a:b) as kubectl does: the first file to
 * name a cluster, user or context wins for that name; current-context comes from the first file that
 * sets it. Each entry remembers its file, so that relative paths in it resolve against that file's
 * directory and errors about it name that file.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../../errors.ts';
import { firstLine, isObj, str } from './fields.ts';

/** A named cluster, user or context: its mapping (unchecked) and the file that defined it. */
export interface Entry {
  readonly value: unknown;
  readonly file: string;
}

export interface MergedKubeconfig {
  /** The files read, in order. */
  readonly files: readonly string[];
  /** The first current-context set, and the file that set it. */
  readonly currentContext: { readonly name: string; readonly file: string } | undefined;
  readonly clusters: ReadonlyMap<string, Entry>;
  readonly users: ReadonlyMap<string, Entry>;
  readonly contexts: ReadonlyMap<string, Entry>;
}

const LISTS = [
  ['clusters', 'cluster'],
  ['users', 'user'],
  ['contexts', 'context'],
] as const;

/** Reads a file's text; undefined when it does not exist. */
export type ReadText = (file: string) => string | undefined;

const readText: ReadText = (file) => {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (isObj(e) && e.code === 'ENOENT') return undefined;
    throw e;
  }
};

/**
 * Reads and merges `files` in order; files that do not exist are skipped. Errors name the file:
 * YAML that does not parse, a document that is not a mapping, a list that is not a list.
 */
export function readKubeconfigs(files: readonly string[], read: ReadText = readText): MergedKubeconfig {
  const maps = {
    clusters: new Map<string, Entry>(),
    users: new Map<string, Entry>(),
    contexts: new Map<string, Entry>(),
  };
  const seen: string[] = [];
  let current: MergedKubeconfig['currentContext'];
  for (const file of files) {
    const bad = (reason: string) => new UsageError(`kubeconfig ${file}: ${reason}`);
    let text: string | undefined;
    let doc: unknown;
    try {
      text = read(file);
      doc = text === undefined ? undefined : parseYaml(text);
    } catch (e) {
      throw bad(firstLine(e) || 'unreadable');
    }
    if (text === undefined) continue;
    seen.push(file);
    // An empty file is an empty kubeconfig, as for kubectl.
    if (doc === null || doc === undefined) continue;
    if (!isObj(doc)) throw bad('not a kubeconfig (expected a mapping)');
    for (const [list, field] of LISTS) {
      const items = doc[list] ?? [];
      if (!Array.isArray(items)) throw bad(`${list} is not a list`);
      for (const item of items) {
        if (!isObj(item) || typeof item.name !== 'string') continue;
        if (!maps[list].has(item.name)) maps[list].set(item.name, { value: item[field] ?? {}, file });
      }
    }
    const name = str(doc, 'current-context', bad);
    if (name && !current) current = { name, file };
  }
  return { files: seen, currentContext: current, ...maps };
}
