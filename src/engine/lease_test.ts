import { hostname } from 'node:os';
import { expect } from 'chai';
import { RefusedError } from '../errors.ts';
import { ApiError, type KubeHttp } from '../kube/http.ts';
import { RunLease } from './lease.ts';

interface Call {
  verb: string;
  path: string;
}

/** A KubeHttp whose answers come from `answer`; it records every call. */
function fakeHttp(answer: (c: Call) => unknown): KubeHttp & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    async request(verb: string, path: string) {
      const c = { verb, path };
      calls.push(c);
      const a = answer(c);
      if (a instanceof Error) throw a;
      return a;
    },
  } as unknown as KubeHttp & { calls: Call[] };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A Lease held by `holder`, renewed `ago` ms before now, expiring `duration` s after that renewal. */
function held(annotations: Record<string, string>, ago = 1000, duration = 60) {
  return {
    metadata: { name: 'sts-chaos-web', namespace: 'ns', annotations, resourceVersion: '7' },
    spec: { holderIdentity: 'run-old', leaseDurationSeconds: duration, renewTime: iso(Date.now() - ago) },
  };
}

/** A pid that does not exist on this host (the kernel's pid_max is far below it). */
const DEAD_PID = '2147480000';

describe('RunLease', () => {
  it('refuses a live holder (its process runs on this host), naming it', async () => {
    const lease = held({
      'sts-chaos.io/holder-host': hostname(),
      'sts-chaos.io/holder-pid': String(process.pid),
    });
    const http = fakeHttp((c) => (c.verb === 'get' ? lease : {}));
    const err = await new RunLease(http, 'ns', 'web', 'run-new').acquire().catch((e) => e);
    expect(err).to.be.instanceOf(RefusedError);
    expect((err as Error).message).to.match(/another sts-chaos run holds ns\/sts-chaos-web \(holder run-old/);
    expect(http.calls.map((c) => c.verb)).to.deep.equal(['get']);
  });

  it('takes over at once from a holder whose process is gone on this host', async () => {
    const lease = held({ 'sts-chaos.io/holder-host': hostname(), 'sts-chaos.io/holder-pid': DEAD_PID });
    const http = fakeHttp((c) => (c.verb === 'get' ? lease : {}));
    const l = new RunLease(http, 'ns', 'web', 'run-new');
    await l.acquire();
    await l.release();
    expect(http.calls.map((c) => c.verb)).to.deep.equal(['get', 'update', 'delete']);
  });

  it('takes over from a holder whose pod finished or is gone, not from one whose pod runs', async () => {
    const lease = held({ 'sts-chaos.io/holder-pod': 'ns/job-abc' });
    for (const [pod, takes] of [
      [{ status: { phase: 'Failed' } }, true],
      [new ApiError(404, 'NotFound', 'pods "job-abc" not found'), true],
      [{ status: { phase: 'Running' } }, false],
    ] as const) {
      const http = fakeHttp((c) => (c.path.includes('/pods/') ? pod : c.verb === 'get' ? lease : {}));
      const err = await new RunLease(http, 'ns', 'web', 'run-new').acquire().catch((e) => e);
      if (takes) expect(err, JSON.stringify(pod)).to.equal(undefined);
      else expect(err, JSON.stringify(pod)).to.be.instanceOf(RefusedError);
    }
  });

  it('with waitForExpiry: takes an unrenewed Lease once it expires, refuses one renewed meanwhile', async () => {
    // Expires 100 ms from now; the wait is then about 1.1 s.
    const stale = held({}, 59_900);
    const unrenewed = fakeHttp((c) => (c.verb === 'get' ? stale : {}));
    const said: string[] = [];
    await new RunLease(unrenewed, 'ns', 'web', 'cleanup-1').acquire({
      waitForExpiry: true,
      onWait: (what) => said.push(what),
    });
    expect(unrenewed.calls.map((c) => c.verb)).to.deep.equal(['get', 'get', 'update']);
    expect(said).to.have.length(1);
    expect(said[0]).to.match(
      /^ns\/sts-chaos-web is held by run-old \(renewed 60s ago\): waiting [12]s for it to expire unrenewed$/,
    );

    let n = 0;
    const stale2 = held({}, 59_900);
    const renewed = fakeHttp((c) => (c.verb === 'get' ? (n++ === 0 ? stale2 : held({})) : {}));
    const err = await new RunLease(renewed, 'ns', 'web', 'cleanup-2')
      .acquire({ waitForExpiry: true })
      .catch((e) => e);
    expect(err).to.be.instanceOf(RefusedError);
    expect(renewed.calls.map((c) => c.verb)).to.deep.equal(['get', 'get']);
  });

  it('with waitForExpiry: a run that ends normally during the wait (its Lease deleted) leaves the Lease to take', async () => {
    // Before: the get after the wait answered 404 and acquire threw it ("internal error: … 404 NotFound").
    let n = 0;
    const http = fakeHttp((c) => {
      if (c.verb !== 'get') return {};
      return n++ === 0
        ? held({}, 59_900)
        : new ApiError(404, 'NotFound', 'leases.coordination.k8s.io "sts-chaos-web" not found');
    });
    const l = new RunLease(http, 'ns', 'web', 'cleanup-3');
    await l.acquire({ waitForExpiry: true });
    await l.release();
    expect(http.calls.map((c) => c.verb)).to.deep.equal(['get', 'get', 'get', 'create', 'delete']);
  });
});
