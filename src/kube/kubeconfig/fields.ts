/** Reading a kubeconfig's fields: typed values, files relative to the kubeconfig, URLs. */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

export type Obj = Record<string, unknown>;
/** Makes the error for one reason, the file and the entry already named. */
export type Bad = (reason: string) => Error;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The error's code (ENOENT, ...) when it has one. */
export function errCode(e: unknown): string | undefined {
  return isObj(e) && typeof e.code === 'string' ? e.code : undefined;
}

/** The first line of an error's message. */
export function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0] ?? '';
}

export function str(o: Obj, key: string, bad: Bad): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw bad(`${key} is not a string`);
  return v;
}

export function bool(o: Obj, key: string, bad: Bad): boolean {
  const v = o[key];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw bad(`${key} is not true or false`);
  return v;
}

export function strings(o: Obj, key: string, bad: Bad): string[] | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string'))
    throw bad(`${key} is not a list of strings`);
  return v;
}

/** A path named in a kubeconfig: relative ones are relative to the kubeconfig's directory. */
export function abs(dir: string, file: string): string {
  return isAbsolute(file) ? file : join(dir, file);
}

/** Reads a file named in a kubeconfig; the error names the key and the full path. */
export function readNamed(key: string, path: string, bad: Bad): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw bad(`${key} ${path}: ${errCode(e) === 'ENOENT' ? 'no such file' : firstLine(e)}`);
  }
}

/** `<key>` (a file, relative to `dir`) or `<key>-data` (base64); data wins. */
export function material(o: Obj, key: string, dir: string, bad: Bad): Buffer | undefined {
  const data = str(o, `${key}-data`, bad);
  if (data) return Buffer.from(data, 'base64');
  const file = str(o, key, bad);
  return file ? readNamed(key, abs(dir, file), bad) : undefined;
}

/** The API server's URL, http(s), without a trailing slash. */
export function serverUrl(server: string, bad: Bad): string {
  const url = URL.parse(server);
  if (!url) throw bad(`server "${server}" is not a URL`);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw bad(`server "${server}" is not http(s)`);
  return server.replace(/\/+$/, '');
}

/** An http(s) proxy URL (socks proxies are not supported). */
export function proxyUrl(proxy: string, bad: Bad): string {
  const url = URL.parse(proxy);
  if (!url) throw bad(`proxy-url "${proxy}" is not a URL`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw bad(`proxy-url "${proxy}": only http and https proxies are supported`);
  }
  return proxy;
}
