import { expect } from 'chai';
import { Registry } from 'prom-client';
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

  it('splits host:port', () => {
    expect(splitAddress(':9464')).to.deep.equal({ host: undefined, port: 9464 });
    expect(splitAddress('127.0.0.1:0')).to.deep.equal({ host: '127.0.0.1', port: 0 });
    expect(splitAddress('[::1]:9464')).to.deep.equal({ host: '::1', port: 9464 });
  });
});
