/** The `/metrics` server's life in a run: started when asked for, kept up at the end for one last scrape. */
import type { Logger } from 'pino';
import type { Duration } from '../../util/duration.ts';
import type { RunMetrics } from './metrics.ts';
import type { MetricsServer } from './server.ts';

/** Serves `/metrics` when asked to; an address that cannot be listened on is a warning, not a refusal. */
export async function startMetrics(
  metrics: RunMetrics | undefined,
  address: string | undefined,
  log: Logger,
): Promise<MetricsServer | undefined> {
  if (!metrics || !address) return undefined;
  try {
    const { serveMetrics } = await import('./server.ts');
    const server = await serveMetrics(metrics.registry, address);
    log.info({ metrics: server.url }, `metrics: serving ${server.url}`);
    return server;
  } catch (e) {
    log.warn(
      { metricsAddress: address },
      `metrics: cannot listen on ${address}: ${(e as Error).message}; no /metrics`,
    );
    return undefined;
  }
}

/**
 * Keeps `/metrics` up until one scrape has read the run's final values (a Prometheus scraping every 15 s
 * would otherwise miss the last step), at most `linger`; not after a signal (the pod's grace is short),
 * nor once the final values were pushed to a Pushgateway (`pushed`: they are there to scrape).
 */
export async function lastScrape(
  server: MetricsServer | undefined,
  linger: Duration,
  signal: AbortSignal,
  log: Logger,
  pushed = false,
): Promise<void> {
  if (!server || linger.toMilliseconds() <= 0 || signal.aborted) return;
  if (pushed) {
    log.info(
      { metrics: server.url },
      'metrics: the final values are in the Pushgateway; /metrics closes now',
    );
    return;
  }
  log.info({ metrics: server.url }, `metrics: waiting up to ${linger} for a scrape of the final values`);
  const since = Date.now();
  const ok = await server.scrapedSince(since, linger, signal);
  if (!ok) log.warn({ metrics: server.url }, `metrics: no scrape of the final values within ${linger}`);
}
