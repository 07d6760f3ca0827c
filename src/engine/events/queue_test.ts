import { expect } from 'chai';
import type { CoreEvent } from '../../kube/event.ts';
import { ApiError } from '../../kube/http.ts';
import { Duration } from '../../util/duration.ts';
import { eventObject } from './event.ts';
import { EventQueue } from './queue.ts';
import { captureLog, fakeEventsApi, settle } from './testing/fakes.ts';

const event = (n: number, reason: 'FaultInjected' | 'FaultRecovered' = 'FaultInjected'): CoreEvent =>
  eventObject(
    {
      reason,
      type: 'Normal',
      action: 'Inject',
      regarding: { apiVersion: 'apps/v1', kind: 'StatefulSet', namespace: 'ns', name: 'web', uid: 'u' },
      message: `event ${n}`,
      at: 0,
      annotations: {},
    },
    { runId: 'run-1', instance: 'me' },
    n,
  );

/** A promise and the function that resolves it. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => {};
  const wait = new Promise<void>((r) => {
    open = r;
  });
  return { wait, open };
}

describe('EventQueue', () => {
  it('sends every Event to the namespace, one at a time, in the order pushed, without making the caller wait', async () => {
    const g = gate();
    const api = fakeEventsApi(() => g.wait);
    const { log } = captureLog();
    const q = new EventQueue({ http: api.http, log, namespace: 'ns' });
    for (const n of [1, 2, 3]) q.push(event(n));
    // push returned while the server still holds the first request.
    expect(api.created).to.have.length(0);
    g.open();
    await q.flush(Duration.seconds(2));
    expect(api.created.map((e) => e.message)).to.deep.equal(['event 1', 'event 2', 'event 3']);
    expect(api.paths).to.deep.equal(Array(3).fill('/api/v1/namespaces/ns/events'));
    expect(api.maxInFlight()).to.equal(1);
    expect(q.sent).to.equal(3);
  });

  it('starts again for an Event pushed after the queue ran empty', async () => {
    const api = fakeEventsApi();
    const q = new EventQueue({ http: api.http, log: captureLog().log, namespace: 'ns' });
    q.push(event(1));
    await settle();
    q.push(event(2));
    await q.flush(Duration.seconds(1));
    expect(api.created).to.have.length(2);
  });

  it('on a 403 says once that Events cannot be created (RBAC), never throws, and sends nothing more', async () => {
    const api = fakeEventsApi(() => new ApiError(403, 'Forbidden', 'create events: 403 Forbidden'));
    const { log, lines } = captureLog();
    const q = new EventQueue({ http: api.http, log, namespace: 'ns' });
    for (const n of [1, 2, 3]) q.push(event(n));
    await q.flush(Duration.seconds(1));
    q.push(event(4));
    expect(api.paths).to.have.length(1);
    expect(lines.map((l) => l.msg)).to.deep.equal([
      "events: cannot create Events in ns (RBAC): the fault windows will not be on the cluster's Events",
    ]);
    expect(lines[0]?.level).to.equal(40);
  });

  it('logs any other error naming the Event and its object, and goes on with the next', async () => {
    const api = fakeEventsApi((e) =>
      e.message === 'event 1'
        ? new ApiError(0, 'ConnectionFailed', 'create events: connection refused')
        : undefined,
    );
    const { log, lines } = captureLog();
    const q = new EventQueue({ http: api.http, log, namespace: 'ns' });
    q.push(event(1));
    q.push(event(2));
    await q.flush(Duration.seconds(1));
    expect(api.created.map((e) => e.message)).to.deep.equal(['event 2']);
    expect(lines.map((l) => l.msg)).to.deep.equal([
      'events: could not create Event FaultInjected on statefulset ns/web: create events: connection refused',
    ]);
  });

  it('counts an Event already there (a retried create) as sent, saying nothing', async () => {
    const api = fakeEventsApi(() => new ApiError(409, 'AlreadyExists', 'exists'));
    const { log, lines } = captureLog();
    const q = new EventQueue({ http: api.http, log, namespace: 'ns' });
    q.push(event(1));
    await q.flush(Duration.seconds(1));
    expect(q.sent).to.equal(1);
    expect(lines).to.deep.equal([]);
  });

  it('holds at most `limit` Events, dropping the oldest waiting, and says how many at the flush', async () => {
    const g = gate();
    const api = fakeEventsApi(() => g.wait);
    const { log, lines } = captureLog();
    const q = new EventQueue({ http: api.http, log, namespace: 'ns', limit: 2 });
    for (const n of [1, 2, 3, 4, 5]) q.push(event(n));
    g.open();
    await q.flush(Duration.seconds(1));
    // 1 was in flight; of 2..5 the two newest waited.
    expect(api.created.map((e) => e.message)).to.deep.equal(['event 1', 'event 4', 'event 5']);
    expect(lines.map((l) => l.msg)).to.deep.equal([
      'events: 2 Event(s) dropped: more than 2 waited to be sent to ns',
    ]);
  });

  it('gives up at the flush deadline: the request in flight aborted, what is left counted, nothing after', async () => {
    const api = fakeEventsApi(() => new Promise(() => {}));
    const { log, lines } = captureLog();
    const q = new EventQueue({ http: api.http, log, namespace: 'ns' });
    q.push(event(1));
    q.push(event(2));
    const t0 = Date.now();
    await q.flush(Duration.millis(50));
    expect(Date.now() - t0).to.be.below(1000);
    expect(api.signals[0]?.aborted).to.equal(true);
    expect(lines.map((l) => l.msg)).to.deep.equal([
      "events: 2 Event(s) not sent to ns within 50ms at the run's end",
    ]);
    q.push(event(3));
    await settle();
    expect(api.paths).to.have.length(1);
  });

  it('sends nothing when preflight found Events forbidden (it said so already)', async () => {
    const api = fakeEventsApi();
    const { log, lines } = captureLog();
    const q = new EventQueue({ http: api.http, log, namespace: 'ns', forbidden: true });
    q.push(event(1));
    await q.flush(Duration.seconds(1));
    expect(api.paths).to.deep.equal([]);
    expect(lines).to.deep.equal([]);
  });
});
