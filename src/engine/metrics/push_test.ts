import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { Registry } from 'prom-client';
import { Duration } from '../../util/duration.ts';
import { captureLog } from '../events/testing/fakes.ts';
import { RunMetrics } from './metrics.ts';
import { pushMetrics, pushUrl } from './push.ts';
import { parseExposition, sampleValue } from './testing/exposition.ts';

interface Got {
  method: string;
  url: string;
  type: string | undefined;
  body: string;
}

/** A fake Pushgateway on loopback: answers `status` (or never, when `hang`). */
async function fakeGateway(status = 200, hang = false) {
  const got: Got[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      got.push({ method: req.method ?? '', url: req.url ?? '', type: req.headers['content-type'], body });
      if (!hang) res.writeHead(status).end(status === 200 ? '' : 'bad push');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    got,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

describe('pushMetrics', () => {
  const registry = new Registry();
  const metrics = new RunMetrics({ registry, target: { namespace: 'ns', name: 'web' }, runId: 'run-1' });
  metrics.planned(2);

  it('PUTs the final values to <url>/metrics/job/sts-chaos/run/<runId>', async () => {
    const gw = await fakeGateway();
    const { log, lines } = captureLog();
    try {
      expect(await pushMetrics(registry, `${gw.url}/`, 'run-1', log)).to.equal(true);
      expect(gw.got).to.have.length(1);
      const [g] = gw.got;
      expect(g?.method).to.equal('PUT');
      expect(g?.url).to.equal('/metrics/job/sts-chaos/run/run-1');
      expect(g?.type).to.match(/^text\/plain; version=0\.0\.4/);
      expect(sampleValue(parseExposition(g?.body ?? ''), 'sts_chaos_steps_planned')).to.equal(2);
      expect(lines.map((l) => l.msg)).to.deep.equal([
        `metrics pushed to ${gw.url}/metrics/job/sts-chaos/run/run-1`,
      ]);
    } finally {
      await gw.close();
    }
  });

  it('says a refusal in one line and resolves', async () => {
    const gw = await fakeGateway(400);
    const { log, lines } = captureLog();
    try {
      expect(await pushMetrics(registry, gw.url, 'run-1', log)).to.equal(false);
      expect(lines).to.have.length(1);
      expect(lines[0]?.msg).to.match(/refused the push \(HTTP 400: bad push\)/);
      expect(lines[0]?.level).to.equal(40);
    } finally {
      await gw.close();
    }
  });

  it('gives up at its deadline', async () => {
    const gw = await fakeGateway(200, true);
    const { log, lines } = captureLog();
    const from = Date.now();
    try {
      expect(await pushMetrics(registry, gw.url, 'run-1', log, Duration.millis(200))).to.equal(false);
      expect(Date.now() - from).to.be.lessThan(2000);
      expect(lines).to.have.length(1);
      expect(lines[0]?.msg).to.match(/could not push .*: no answer within/);
    } finally {
      await gw.close();
    }
  });

  it('says an unreachable gateway in one line', async () => {
    const gw = await fakeGateway();
    await gw.close();
    const { log, lines } = captureLog();
    expect(await pushMetrics(registry, gw.url, 'run-1', log)).to.equal(false);
    expect(lines).to.have.length(1);
    expect(lines[0]?.msg).to.match(/could not push .*ECONNREFUSED/);
  });

  it('escapes the run ID in the path', () => {
    expect(pushUrl('http://gw:9091//', 'a/b')).to.equal('http://gw:9091/metrics/job/sts-chaos/run/a%2Fb');
  });
});
