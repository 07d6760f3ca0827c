import { WebSocket as UndiciWebSocket, fetch as undiciFetch } from 'undici';
import type { Duration } from '../util/duration.ts';
import { dispatcherFor } from './agent.ts';
import type { KubeAuth, KubeConfig } from './kubeconfig.ts';
import { failureOf, parseStatus } from './status.ts';

export interface ExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command in a pod's container and waits for it to end. */
export interface PodExec {
  run(
    namespace: string,
    pod: string,
    container: string,
    command: readonly string[],
    timeout: Duration,
  ): Promise<ExecResult>;
}

/** The part of a WebSocket that exec uses (undici's by default; tests may pass another). */
export interface ExecSocket {
  binaryType: string;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  addEventListener(type: 'error', listener: (ev: { message?: string; error?: unknown }) => void): void;
  addEventListener(type: 'close', listener: (ev: { code?: number; reason?: string }) => void): void;
  close(): void;
}

export type ExecSocketFactory = (
  url: string,
  init: { protocols: string[]; dispatcher: unknown; headers: Record<string, string> },
) => ExecSocket;

const defaultSocket: ExecSocketFactory = (url, init) =>
  new UndiciWebSocket(url, init as ConstructorParameters<typeof UndiciWebSocket>[1]) as unknown as ExecSocket;

/** A plain request, to learn why a handshake failed (the WebSocket does not say). */
export type DiagnoseFetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; dispatcher: unknown; signal: AbortSignal },
) => Promise<{ status: number; text(): Promise<string> }>;

/** The exec subprotocol: each binary message starts with its channel. */
const PROTOCOL = 'v4.channel.k8s.io';
const STDOUT = 1;
const STDERR = 2;
const STATUS = 3;
/** Output kept per stream. */
const CAP = 1 << 20;

/** One output stream, decoded as UTF-8 across message boundaries and capped. */
class Collect {
  readonly #decoder = new TextDecoder();
  text = '';
  add(bytes: Uint8Array): void {
    if (this.text.length < CAP) this.text += this.#decoder.decode(bytes, { stream: true });
  }
}

/**
 * Exec over the API server's WebSocket (the v4 channel protocol, stdout and stderr, no stdin). The result
 * comes from the status message; a close without one is an error, and so is the deadline (the socket is
 * then closed; callers wrap long commands in `timeout N` because closing does not kill them).
 */
export class WebSocketExec implements PodExec {
  readonly #kc: KubeConfig;
  readonly #socket: ExecSocketFactory;
  readonly #fetch: DiagnoseFetch;
  /** Exec calls made (they count as API requests). */
  calls = 0;

  constructor(kc: KubeConfig, opts: { socket?: ExecSocketFactory; fetch?: DiagnoseFetch } = {}) {
    this.#kc = kc;
    this.#socket = opts.socket ?? defaultSocket;
    this.#fetch = opts.fetch ?? (undiciFetch as unknown as DiagnoseFetch);
  }

  async run(
    namespace: string,
    pod: string,
    container: string,
    command: readonly string[],
    timeout: Duration,
  ): Promise<ExecResult> {
    this.calls++;
    const where = `exec in ${namespace}/${pod}/${container} (${command.join(' ').slice(0, 80)})`;
    const url = new URL(
      `${this.#kc.server}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/exec`,
    );
    for (const c of command) url.searchParams.append('command', c);
    url.searchParams.set('container', container);
    url.searchParams.set('stdout', 'true');
    url.searchParams.set('stderr', 'true');
    url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
    const auth = await this.#kc.auth().catch((e: Error) => {
      throw new Error(`${where}: ${e.message}`);
    });
    const out = new Collect();
    const err = new Collect();
    return new Promise<ExecResult>((resolve, reject) => {
      let settled = false;
      let ws: ExecSocket | undefined;
      let failure = '';
      let opened = false;
      const finish = (f: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        f();
      };
      const timer = setTimeout(() => {
        finish(() => reject(new Error(`${where}: no result after ${timeout}`)));
        ws?.close();
      }, timeout.toMilliseconds());
      const onStatus = (json: string) => {
        const status = parseStatus(json);
        if (!status)
          return finish(() => reject(new Error(`${where}: unreadable status ${json.slice(0, 120)}`)));
        finish(() => {
          if (status.status === 'Success')
            return resolve({ exitCode: 0, stdout: out.text, stderr: err.text });
          const code = status.causes.find((c) => c.reason === 'ExitCode')?.message;
          if (code !== undefined)
            return resolve({ exitCode: Number(code), stdout: out.text, stderr: err.text });
          reject(new Error(`${where}: ${status.message ?? (status.reason || 'failed')}`));
        });
        ws?.close();
      };
      try {
        ws = this.#socket(url.toString(), {
          protocols: [PROTOCOL],
          dispatcher: dispatcherFor(this.#kc, auth.tls, 'upgrade'),
          headers: { ...auth.headers },
        });
      } catch (e) {
        finish(() => reject(new Error(`${where}: ${(e as Error).message}`)));
        return;
      }
      ws.binaryType = 'arraybuffer';
      ws.addEventListener('open', () => {
        opened = true;
      });
      ws.addEventListener('message', (ev) => {
        const data = ev.data;
        if (!(data instanceof ArrayBuffer) || data.byteLength === 0) return;
        const bytes = new Uint8Array(data);
        const channel = bytes[0];
        const payload = bytes.subarray(1);
        if (channel === STDOUT) out.add(payload);
        else if (channel === STDERR) err.add(payload);
        else if (channel === STATUS && payload.length > 0) onStatus(new TextDecoder().decode(payload));
      });
      ws.addEventListener('error', (ev) => {
        const e = ev.error instanceof Error ? ev.error : undefined;
        failure = [ev.message, e?.message, (e?.cause as Error | undefined)?.message]
          .filter(Boolean)
          .join(': ');
      });
      ws.addEventListener('close', (ev) => {
        const why = failure || ev.reason || `code ${ev.code ?? '?'}`;
        if (!opened) {
          // The handshake failed: the same request without the upgrade gets the API server's reason.
          void this.#diagnose(url, auth.headers, auth.tls).then((reason) =>
            finish(() => reject(new Error(`${where}: ${reason ?? `handshake failed (${why})`}`))),
          );
          return;
        }
        // The status message arrives before the close; give it a moment to be processed.
        setTimeout(
          () => finish(() => reject(new Error(`${where}: connection closed without a status (${why})`))),
          200,
        );
      });
    });
  }

  /** The API server's answer to the exec request made without an upgrade: "403 Forbidden: ...". */
  async #diagnose(
    url: URL,
    headers: Readonly<Record<string, string>>,
    tls: KubeAuth['tls'],
  ): Promise<string | undefined> {
    const plain = new URL(url);
    plain.protocol = url.protocol === 'ws:' ? 'http:' : 'https:';
    try {
      const res = await this.#fetch(plain.toString(), {
        method: 'GET',
        headers: { ...headers, Accept: 'application/json' },
        dispatcher: dispatcherFor(this.#kc, tls),
        signal: AbortSignal.timeout(5000),
      });
      const { reason, message } = failureOf(await res.text());
      return `${res.status} ${reason}${reason ? ': ' : ''}${message}`.trim();
    } catch {
      return undefined;
    }
  }
}
