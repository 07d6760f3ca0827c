/**
 * The run's final metrics to a Prometheus Pushgateway (--pushgateway): one PUT of the exposition text to
 * `<url>/metrics/job/sts-chaos/run/<runId>` (PUT replaces the group: a retried Job's run has its own ID).
 * Best effort: bounded by a deadline, a failure is one log line, never an exit code.
 */
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { Duration } from '../../util/duration.ts';

/** How long the push may take, all told. */
export const PUSH_DEADLINE = Duration.seconds(10);

/** The group's URL: job `sts-chaos`, label `run`. */
export function pushUrl(base: string, runId: string): string {
  return `${base.replace(/\/+$/, '')}/metrics/job/sts-chaos/run/${encodeURIComponent(runId)}`;
}

/** Pushes and says how it went; resolves to whether the Pushgateway took it. Never throws. */
export async function pushMetrics(
  registry: Registry,
  base: string,
  runId: string,
  log: Logger,
  deadline: Duration = PUSH_DEADLINE,
): Promise<boolean> {
  const url = pushUrl(base, runId);
  try {
    const body = await registry.metrics();
    const res = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': registry.contentType },
      body,
      signal: AbortSignal.timeout(deadline.toMilliseconds()),
    });
    const text = await res.text().catch(() => '');
    if (!res.ok) {
      log.warn(
        { pushgateway: url, status: res.status },
        `metrics: the Pushgateway refused the push (HTTP ${res.status}${text ? `: ${text.trim().slice(0, 200)}` : ''})`,
      );
      return false;
    }
    log.info({ pushgateway: url }, `metrics pushed to ${url}`);
    return true;
  } catch (e) {
    const err = e as Error;
    const why =
      err.name === 'TimeoutError'
        ? `no answer within ${deadline}`
        : ((err.cause as Error)?.message ?? err.message);
    log.warn({ pushgateway: url }, `metrics: could not push to ${url}: ${why}`);
    return false;
  }
}
