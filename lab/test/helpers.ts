/** Helpers for the lab's own tests: the lab's kubectl, the lab CLI, a client-node config, watches. */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as k8s from '@kubernetes/client-node';

const run = promisify(execFile);
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const KUBECONFIG = join(ROOT, '.lab', 'kubeconfig');
const KUBECTL = join(ROOT, '.lab', 'bin', 'kubectl');

export async function kubectl(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run(KUBECTL, ['--kubeconfig', KUBECONFIG, ...args], { maxBuffer: 64 << 20 });
    return stdout;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`kubectl ${args.join(' ')} failed: ${(err.stderr ?? err.message).trim()}`);
  }
}

export async function kubectlJson<T = unknown>(...args: string[]): Promise<T> {
  return JSON.parse(await kubectl(...args, '-o', 'json')) as T;
}

/** Runs a lab verb (`bash lab/lab.sh VERB ...`). */
export async function lab(...args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run('bash', [join(ROOT, 'lab', 'lab.sh'), ...args], {
      maxBuffer: 16 << 20,
    });
    return stdout + stderr;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`lab ${args.join(' ')} failed: ${(err.stderr ?? err.message).trim()}`);
  }
}

export async function sh(cmd: string, args: string[]): Promise<string> {
  const { stdout } = await run(cmd, args, { maxBuffer: 16 << 20 });
  return stdout;
}

export function kubeConfig(): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(KUBECONFIG);
  return kc;
}

export interface Seen<T> {
  readonly type: string;
  readonly at: number;
  readonly object: T;
}

/**
 * Records the watch events of a collection from now on. `until` resolves with the first event that
 * satisfies the predicate, or rejects after the deadline saying what it last saw.
 */
export class Recorder<T extends k8s.KubernetesObject> {
  readonly events: Seen<T>[] = [];
  #abort: AbortController | undefined;
  #waiters: { pred: (e: Seen<T>) => boolean; resolve: (e: Seen<T>) => void }[] = [];

  readonly path: string;

  private constructor(path: string) {
    this.path = path;
  }

  static async start<T extends k8s.KubernetesObject>(
    path: string,
    query: Record<string, string> = {},
  ): Promise<Recorder<T>> {
    const r = new Recorder<T>(path);
    r.#abort = await new k8s.Watch(kubeConfig()).watch(
      path,
      query,
      (type, object: T) => {
        const e = { type, at: Date.now(), object };
        r.events.push(e);
        r.#waiters = r.#waiters.filter((w) => {
          if (!w.pred(e)) return true;
          w.resolve(e);
          return false;
        });
      },
      () => {},
    );
    return r;
  }

  until(what: string, pred: (e: Seen<T>) => boolean, timeoutMs: number): Promise<Seen<T>> {
    const hit = this.events.find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const last = this.events.at(-1);
        const desc = last
          ? `${last.type} ${last.object.metadata?.name} ${summarize(last.object)}`
          : 'no event';
        reject(
          new Error(
            `timed out after ${timeoutMs / 1000}s waiting for ${what} on ${this.path}; last saw: ${desc}`,
          ),
        );
      }, timeoutMs);
      this.#waiters.push({
        pred,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }

  stop(): void {
    this.#abort?.abort();
  }
}

function summarize(o: k8s.KubernetesObject): string {
  const status = (o as { status?: { phase?: string; conditions?: { type: string; status: string }[] } })
    .status;
  const conds = status?.conditions?.map((c) => `${c.type}=${c.status}`).join(',') ?? '';
  return `${status?.phase ?? ''} ${conds}`.trim();
}

export function isReady(o: { status?: { conditions?: { type: string; status: string }[] } }): boolean {
  return o.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
