import { expect } from 'chai';
import pino from 'pino';
import { Duration } from '../../util/duration.ts';
import { lastScrape } from './lifecycle.ts';
import type { MetricsServer } from './server.ts';

describe('lastScrape (the /metrics server at the run end)', () => {
  const log = pino({ level: 'silent' });
  /** A server whose scrapedSince records its calls and answers `answer`. */
  const server = (answer: boolean, calls: Duration[]): MetricsServer => ({
    url: 'http://127.0.0.1:1/metrics',
    port: 1,
    scrapedSince: async (_since, deadline) => {
      calls.push(deadline);
      return answer;
    },
    close: async () => undefined,
  });
  const live = new AbortController().signal;

  it('waits for one scrape of the final values, at most the linger', async () => {
    const calls: Duration[] = [];
    await lastScrape(server(true, calls), Duration.seconds(30), live, log);
    expect(calls.map((d) => d.toSeconds())).to.deep.equal([30]);
  });

  it('does not wait once the values were pushed, after a signal, with no linger, or without a server', async () => {
    const calls: Duration[] = [];
    await lastScrape(server(true, calls), Duration.seconds(30), live, log, true);
    const ac = new AbortController();
    ac.abort();
    await lastScrape(server(true, calls), Duration.seconds(30), ac.signal, log);
    await lastScrape(server(true, calls), Duration.seconds(0), live, log);
    await lastScrape(undefined, Duration.seconds(30), live, log);
    expect(calls).to.deep.equal([]);
  });
});
