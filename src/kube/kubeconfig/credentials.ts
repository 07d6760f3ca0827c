/**
 * Static credentials, kept in the engine: client certificates, tokens, token files (re-read as they
 * rotate), basic auth and impersonation headers.
 */

import { readFileSync, statSync } from 'node:fs';
import { AtEndpoint } from './endpoint.ts';
import { type Bad, errCode, firstLine, type Obj, str, strings } from './fields.ts';
import type { Endpoint, KubeAuth, TlsMaterial } from './types.ts';

/** The headers a user's static fields give: basic auth, a bearer token, impersonation. */
export function staticHeaders(user: Obj, bad: Bad): Record<string, string> {
  const headers: Record<string, string> = {};
  const username = str(user, 'username', bad);
  const password = str(user, 'password', bad);
  if (username !== undefined || password !== undefined) {
    headers.Authorization = `Basic ${Buffer.from(`${username ?? ''}:${password ?? ''}`).toString('base64')}`;
  }
  const token = str(user, 'token', bad);
  if (token) headers.Authorization = `Bearer ${token}`;
  const as = str(user, 'as', bad);
  if (as) headers['Impersonate-User'] = as;
  const groups = strings(user, 'as-groups', bad);
  // Several groups are one comma-separated header value here (undici joins repeated headers so).
  if (groups?.length) headers['Impersonate-Group'] = groups.join(', ');
  return headers;
}

/** A token file, read again when it changes (service-account tokens rotate); the last good read wins. */
export class TokenFile {
  readonly #path: string;
  readonly #bad: Bad;
  #stamp = '';
  #token = '';

  /** Reads the file now: a missing or empty file is an error (naming it) at load time. */
  constructor(path: string, bad: Bad) {
    this.#path = path;
    this.#bad = bad;
    this.read();
  }

  read(): string {
    try {
      const st = statSync(this.#path);
      const stamp = `${st.ino}:${st.mtimeMs}:${st.size}`;
      if (stamp !== this.#stamp) {
        const token = readFileSync(this.#path, 'utf8').trim();
        if (!token && !this.#token) throw new Error('empty');
        if (token) this.#token = token;
        this.#stamp = stamp;
      }
    } catch (e) {
      if (!this.#token) {
        throw this.#bad(
          `tokenFile ${this.#path}: ${errCode(e) === 'ENOENT' ? 'no such file' : firstLine(e)}`,
        );
      }
    }
    return this.#token;
  }
}

/** Static TLS material and headers, and a token file whose token wins over a static one. */
export class Credentials extends AtEndpoint {
  readonly #tls: TlsMaterial;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #tokenFile: TokenFile | undefined;
  readonly #static: KubeAuth | undefined;

  constructor(
    endpoint: Endpoint,
    tls: TlsMaterial,
    headers: Readonly<Record<string, string>>,
    tokenFile?: TokenFile,
  ) {
    super(endpoint);
    this.#tls = tls;
    this.#headers = headers;
    this.#tokenFile = tokenFile;
    if (!tokenFile) this.#static = { headers, tls };
  }

  async auth(): Promise<KubeAuth> {
    if (this.#static) return this.#static;
    const headers = { ...this.#headers };
    if (this.#tokenFile) headers.Authorization = `Bearer ${this.#tokenFile.read()}`;
    return { headers, tls: this.#tls };
  }

  invalidate(): boolean {
    return false;
  }
}
