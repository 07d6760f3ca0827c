/**
 * A real Prometheus and Pushgateway (Debian's `prometheus` and `prometheus-pushgateway`, installed by `lab
 * up`) as child processes, for the metrics tests: started on a given address (loopback, or the lab's bridge
 * address so that a Job's pod reaches it), asked through their HTTP APIs, stopped by `stop()`.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROMETHEUS = process.env.PROMETHEUS ?? 'prometheus';
export const PUSHGATEWAY = process.env.PUSHGATEWAY ?? 'prometheus-pushgateway';
export const PROMTOOL = process.env.PROMTOOL ?? 'promtool';

/** A free TCP port on `host` (bound, then let go). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The first line a binary prints for `--version` (the Pushgateway prints it on stderr). */
export function versionOf(bin: string): string {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`.split('\n')[0] ?? '';
}

/** Calls `f` every 250 ms until it returns a value, for at most `seconds`; throws with what it last saw. */
export async function until<T>(what: string, f: () => Promise<T | undefined>, seconds: number): Promise<T> {
  const end = Date.now() + seconds * 1000;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await f();
      if (v !== undefined) return v;
      last = undefined;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}: not within ${seconds}s${last ? ` (last: ${(last as Error).message})` : ''}`);
}

export type Vector = { metric: Record<string, string>; value: [number, string] }[];

/** A metric family as the Pushgateway's `/api/v1/metrics` gives it. */
export interface PushedFamily {
  readonly type: string;
  readonly metrics: { labels: Record<string, string>; value?: string; count?: string }[];
}

/** The child processes of one test, and their scratch directory. */
export class PromProcesses {
  readonly #children: ChildProcess[] = [];
  readonly dir = mkdtempSync(join(tmpdir(), 'sts-chaos-prom-'));

  #start(bin: string, args: string[]): ChildProcess {
    const c = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    c.stderr?.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-4000);
    });
    c.on('exit', (code) => {
      if (code) console.error(`${bin} exited ${code}:\n${err}`);
    });
    this.#children.push(c);
    return c;
  }

  /** A Pushgateway on `host:port`; resolves to its base URL once it is ready. */
  async pushgateway(host: string, port: number): Promise<string> {
    this.#start(PUSHGATEWAY, [`--web.listen-address=${host}:${port}`]);
    const base = `http://${host}:${port}`;
    await ready(base);
    return base;
  }

  /** A Prometheus on loopback scraping `targets` every second; resolves to its base URL once ready. */
  async prometheus(targets: readonly string[]): Promise<string> {
    const port = await freePort();
    const config = join(this.dir, 'prometheus.yml');
    writeFileSync(
      config,
      [
        'global: {scrape_interval: 1s, evaluation_interval: 1s}',
        'scrape_configs:',
        '  - job_name: sts-chaos',
        `    static_configs: [{targets: ${JSON.stringify(targets)}}]`,
        '',
      ].join('\n'),
    );
    this.#start(PROMETHEUS, [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(this.dir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ]);
    const base = `http://127.0.0.1:${port}`;
    await ready(base);
    // Its discovery hands the targets to the scrape loops some seconds after it is ready (every 5 s):
    // wait for the first scrape (\`up\`, 0 while the target is not listening yet), or a short run is missed.
    await until('a first scrape (up)', async () => ((await query(base, 'up')).length ? true : undefined), 30);
    return base;
  }

  async stop(): Promise<void> {
    for (const c of this.#children) if (c.exitCode === null) c.kill('SIGTERM');
    await Promise.all(
      this.#children.map((c) => (c.exitCode !== null ? undefined : new Promise((r) => c.once('exit', r)))),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const ready = (base: string) =>
  until(`${base}/-/ready`, async () => ((await fetch(`${base}/-/ready`)).ok ? true : undefined), 30);

/** An instant query of Prometheus's HTTP API. */
export async function query(prom: string, q: string): Promise<Vector> {
  const r = (await (await fetch(`${prom}/api/v1/query?query=${encodeURIComponent(q)}`)).json()) as {
    status: string;
    data: { result: Vector };
    error?: string;
  };
  if (r.status !== 'success') throw new Error(`${q}: ${r.error}`);
  return r.data.result;
}

/** The Pushgateway's group with these labels, as families by name; undefined when it holds none. */
export async function pushedGroup(
  gw: string,
  labels: Readonly<Record<string, string>>,
): Promise<Record<string, PushedFamily> | undefined> {
  const groups = (await (await fetch(`${gw}/api/v1/metrics`)).json()) as {
    data: ({ labels: Record<string, string> } & Record<string, unknown>)[];
  };
  const g = groups.data.find((x) => Object.entries(labels).every(([k, v]) => x.labels[k] === v));
  return g as unknown as Record<string, PushedFamily> | undefined;
}
