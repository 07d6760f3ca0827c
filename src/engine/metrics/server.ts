/**
 * `/metrics` over HTTP during the run (--metrics-address): node:http, GET or HEAD of `/metrics` only.
 * Listening is the only thing that may fail (address in use, no such interface): `serveMetrics` rejects
 * then and the run goes on without it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Duration } from '../../util/duration.ts';

export interface MetricsServer {
  /** Where it listens, as a URL of `/metrics` (`http://127.0.0.1:41234/metrics`). */
  readonly url: string;
  readonly port: number;
  /**
   * Resolves once a scrape that began at or after `since` (epoch ms) has been answered, or when `deadline`
   * has passed or `signal` aborts: true when such a scrape was answered.
   */
  scrapedSince(since: number, deadline: Duration, signal?: AbortSignal): Promise<boolean>;
  close(): Promise<void>;
}

/** Splits `host:port` (`:9464`, `[::1]:9464`); an empty host is every interface. */
export function splitAddress(address: string): { host: string | undefined; port: number } {
  const i = address.lastIndexOf(':');
  const host = address.slice(0, i).replace(/^\[(.*)\]$/, '$1');
  return { host: host === '' ? undefined : host, port: Number(address.slice(i + 1)) };
}

export async function serveMetrics(registry: Registry, address: string): Promise<MetricsServer> {
  /** When the latest answered scrape began (epoch ms), and who waits for the next one. */
  let lastScrape = -1;
  const scraped = new EventTarget();
  const server: Server = createServer((req, res) => {
    const began = Date.now();
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('sts-chaos serves /metrics only\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    registry.metrics().then(
      (body) => {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(req.method === 'HEAD' ? undefined : body);
        if (req.method === 'GET') {
          lastScrape = Math.max(lastScrape, began);
          scraped.dispatchEvent(new Event('scrape'));
        }
      },
      (e: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${e.message}\n`),
    );
  });
  const { host, port } = splitAddress(address);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A scraper's keep-alive connection must not hold the run's end.
  server.keepAliveTimeout = 1000;
  const a = server.address() as AddressInfo;
  const shown = a.family === 'IPv6' ? `[${a.address}]` : a.address;
  return {
    url: `http://${shown}:${a.port}/metrics`,
    port: a.port,
    scrapedSince: (since, deadline, signal) =>
      new Promise<boolean>((resolve) => {
        if (lastScrape >= since) return resolve(true);
        const done = (ok: boolean) => {
          clearTimeout(timer);
          scraped.removeEventListener('scrape', onScrape);
          signal?.removeEventListener('abort', onAbort);
          resolve(ok);
        };
        const onScrape = () => lastScrape >= since && done(true);
        const onAbort = () => done(false);
        const timer = setTimeout(() => done(false), deadline.toMilliseconds());
        scraped.addEventListener('scrape', onScrape);
        signal?.addEventListener('abort', onAbort, { once: true });
        if (signal?.aborted) done(false);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
