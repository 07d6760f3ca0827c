import { expect } from 'chai';
import { Duration } from '../../util/duration.ts';
import { runEvents } from './run-events.ts';
import { captureLog, fakeEventsApi } from './testing/fakes.ts';

const step = {
  step: 'identity/pod-kill-forced',
  fault: 'pod-kill',
  label: 'pod-kill (forced)',
  victim: { pod: 'web-2', uid: 'u2', node: 'n1' },
};

function run(access: Parameters<typeof runEvents>[0]) {
  const api = fakeEventsApi();
  const events = runEvents(access, {
    http: api.http,
    log: captureLog().log,
    reporter: { runId: 'run-1', instance: 'me' },
    target: { namespace: 'ns', name: 'web', uid: 'u' },
  });
  return { api, events };
}

describe('runEvents', () => {
  it('--no-events: no windows, no Event', () => {
    expect(run('off').events).to.equal(undefined);
  });

  it('events create forbidden (preflight said so): no windows, no request', () => {
    expect(run('forbidden').events).to.equal(undefined);
  });

  it('allowed, or not known: the windows send to the target namespace, flushed at the end', async () => {
    for (const access of ['allowed', 'unknown'] as const) {
      const { api, events } = run(access);
      const w = events?.windows.open(step);
      w?.injected(0);
      events?.windows.finished({ outcome: 'passed', exitCode: 0, steps: 1 });
      await events?.flush(Duration.seconds(1));
      expect(
        api.created.map((e) => e.reason),
        access,
      ).to.deep.equal(['FaultInjected', 'FaultInjected', 'RunFinished']);
      expect(new Set(api.paths)).to.deep.equal(new Set(['/api/v1/namespaces/ns/events']));
    }
  });
});
