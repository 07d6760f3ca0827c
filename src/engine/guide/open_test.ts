import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { captureLog } from '../events/testing/fakes.ts';
import { ClusterGate } from './cluster.ts';
import { openGuide, whereToGuide } from './open.ts';
import { TerminalGate } from './terminal.ts';
import { fakeJobApi } from './testing/job-api.ts';

const IN_CLUSTER = { KUBERNETES_SERVICE_HOST: '10.96.0.1' };
const JOB = { STS_CHAOS_JOB_NAME: 'rel-sts-chaos-1', STS_CHAOS_JOB_NAMESPACE: 'demo' };

describe('where a guided run waits', () => {
  it('on the terminal when stdin is one, in or out of a cluster', () => {
    expect(whereToGuide({}, { isTTY: true })).to.deep.equal({ kind: 'terminal' });
    expect(whereToGuide({ ...IN_CLUSTER, ...JOB }, { isTTY: true })).to.deep.equal({ kind: 'terminal' });
  });

  it('on the Job’s annotation in a cluster, the Job named by the chart’s variables', () => {
    expect(whereToGuide({ ...IN_CLUSTER, ...JOB }, {})).to.deep.equal({
      kind: 'cluster',
      namespace: 'demo',
      job: 'rel-sts-chaos-1',
    });
  });

  it('refuses (exit 2) a run nobody could answer, saying how to run it', () => {
    expect(() => whereToGuide({}, { isTTY: false }))
      .to.throw(
        /--step waits for an operator before each fault step, but stdin is not a terminal and this is not a cluster Job/,
      )
      .with.property('exitCode', 2);
    expect(() => whereToGuide({ ...IN_CLUSTER, STS_CHAOS_JOB_NAME: 'x' }, {}))
      .to.throw(/--step in a cluster needs STS_CHAOS_JOB_NAME and STS_CHAOS_JOB_NAMESPACE/)
      .with.property('exitCode', 2);
  });

  it('opens the gate of each', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const api = fakeJobApi('rel-sts-chaos-1');
    const { log, lines } = captureLog();
    const deps = { stderr: { write: () => true }, http: api.http, log };
    const t = await openGuide({ ...deps, env: {}, stdin });
    expect(t).to.be.instanceOf(TerminalGate);
    await t.close();
    const c = await openGuide({ ...deps, env: { ...IN_CLUSTER, ...JOB }, stdin: new PassThrough() });
    expect(c).to.be.instanceOf(ClusterGate);
    expect(lines.at(-1)?.msg).to.match(
      /each step waits for the annotation sts-chaos.io\/continue=<step number> on job\/rel-sts-chaos-1/,
    );
    await c.close();
  });
});
