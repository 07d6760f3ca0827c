import { Writable } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import type { Duration } from '../util/duration.ts';

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

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    if (this.text.length < 1 << 20) this.text += chunk.toString('utf8');
    cb();
  }
}

/**
 * Exec over the API server's WebSocket. client-node's Exec resolves when the socket opens, so this waits
 * for the status message; a close without one is an error, and so is the deadline (the socket is then
 * closed; callers wrap long commands in `timeout N` because closing does not kill them).
 */
export class WebSocketExec implements PodExec {
  readonly #exec: k8s.Exec;
  /** Exec calls made (they count as API requests). */
  calls = 0;

  constructor(kc: k8s.KubeConfig, exec?: k8s.Exec) {
    this.#exec = exec ?? new k8s.Exec(kc);
  }

  async run(
    namespace: string,
    pod: string,
    container: string,
    command: readonly string[],
    timeout: Duration,
  ): Promise<ExecResult> {
    this.calls++;
    const out = new Collect();
    const err = new Collect();
    const where = `exec in ${namespace}/${pod}/${container} (${command.join(' ').slice(0, 80)})`;
    return new Promise<ExecResult>((resolve, reject) => {
      let settled = false;
      let ws: { close(): void } | undefined;
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
      this.#exec
        .exec(namespace, pod, container, [...command], out, err, null, false, (status) => {
          finish(() => {
            if (status.status === 'Success')
              return resolve({ exitCode: 0, stdout: out.text, stderr: err.text });
            const code = status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message;
            if (code !== undefined)
              return resolve({ exitCode: Number(code), stdout: out.text, stderr: err.text });
            reject(new Error(`${where}: ${status.message ?? status.reason ?? 'failed'}`));
          });
        })
        .then((socket) => {
          ws = socket;
          socket.on('close', () => {
            // The status message arrives before the close; give it a moment to be processed.
            setTimeout(
              () => finish(() => reject(new Error(`${where}: connection closed without a status`))),
              200,
            );
          });
          if (settled) socket.close();
        })
        .catch((e: Error) => finish(() => reject(new Error(`${where}: ${e.message}`))));
    });
  }
}
