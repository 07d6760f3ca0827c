/**
 * The YAML config file (--config, STS_CHAOS_CONFIG): read as a mapping of raw settings, or refused with a
 * UsageError of one line, `config file <name>: <why>`.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { UsageError } from '../errors.ts';
import { describe, messageOf, oneLine, quote } from './message.ts';
import { isPlainObject, type Raw } from './raw.ts';

/** The largest config file read (it is a handful of settings). */
const MAX_FILE_BYTES = 1024 * 1024;

/** The file's name as messages show it: as given when it is plain, quoted otherwise. */
export function fileLabel(file: string): string {
  return /^[\p{L}\p{N}._/~@+:=,-]+$/u.test(file) && file.length <= 200 ? file : quote(file);
}

/** The settings of `file` (`label` names it in messages); none for an empty file. */
export function readConfigFile(file: string, label: string): Raw {
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
    throw fail(`not valid YAML (${oneLine(messageOf(e))})`);
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
      return `cannot be read (${code ?? oneLine(messageOf(e))})`;
  }
}
