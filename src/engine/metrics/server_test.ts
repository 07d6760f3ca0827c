import { expect } from 'chai';
import { Registry } from 'prom-client';
import { Duration } from '../../util/duration.ts';
import { RunMetrics } from './metrics.ts';
import { serveMetrics, splitAddress } from './server.ts';
import { parseExposition, sampleValue } from './testing/exposition.ts';

describe('serveMetrics', () => {
  it('serves /metrics on an ephemeral loopback port, and nothing else', async () => {
    const registry = new Registry();
    const metrics = new RunMetrics({ registry, target: { namespace: 'ns', name: 'web' }, runId: 'run-9' });
    metrics.planned(7);
    metrics.started({ suite: 'volumes', step: 'volumes/claim-deletion', fault: 'claim-deletion' });
    const server = await serveMetrics(registry, '127.0.0.1:0');
    try {
      expect(server.port).to.be.greaterThan(0);
      expect(server.url).to.equal(`http://127.0.0.1:${server.port}/metrics`);
      const res = await fetch(server.url);
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
      const s = parseExposition(await res.text());
      expect(sampleValue(s, 'sts_chaos_steps_planned', { target: 'ns/web', run: 'run-9' })).to.equal(7);
      expect(
        sampleValue(s, 'sts_chaos_step_in_progress', {
          step: 'volumes/claim-deletion',
          fault: 'claim-deletion',
        }),
      ).to.equal(1);
      expect((await fetch(server.url.replace('/metrics', '/'))).status).to.equal(404);
      expect((await fetch(server.url, { method: 'POST' })).status).to.equal(405);
    } finally {
      await server.close();
    }
  });

  it('rejects an address in use', async () => {
    const a = await serveMetrics(new Registry(), '127.0.0.1:0');
    try {
      let err: Error | undefined;
      await serveMetrics(new Registry(), `127.0.0.1:${a.port}`).catch((e: Error) => {
        err = e;
      });
      expect(err?.message).to.match(/EADDRINUSE/);
    } finally {
      await a.close();
    }
  });

  it('scrapedSince: true once a scrape begun after the mark is answered; false at the deadline or on abort', async () => {
    const server = await serveMetrics(new Registry(), '127.0.0.1:0');
    try {
      await fetch(server.url).then((r) => r.text());
      const mark = Date.now() + 1;
      // A scrape before the mark does not count: the deadline ends the wait.
      const t0 = Date.now();
      expect(await server.scrapedSince(mark, Duration.millis(150))).to.equal(false);
      expect(Date.now() - t0).to.be.at.least(140);
      const waiting = server.scrapedSince(Date.now(), Duration.seconds(10));
      await fetch(server.url).then((r) => r.text());
      expect(await waiting).to.equal(true);
      // A HEAD is no scrape.
      const head = server.scrapedSince(Date.now() + 1, Duration.millis(200));
      await new Promise((r) => setTimeout(r, 5));
      await fetch(server.url, { method: 'HEAD' });
      expect(await head).to.equal(false);
      const ac = new AbortController();
      const aborted = server.scrapedSince(Date.now() + 1, Duration.seconds(10), ac.signal);
      ac.abort();
      expect(await aborted).to.equal(false);
    } finally {
      await server.close();
    }
  });

  it('splits host:port', () => {
    expect(splitAddress(':9464')).to.deep.equal({ host: undefined, port: 9464 });
    expect(splitAddress('127.0.0.1:0')).to.deep.equal({ host: '127.0.0.1', port: 0 });
    expect(splitAddress('[::1]:9464')).to.deep.equal({ host: '::1', port: 9464 });
  });
});
