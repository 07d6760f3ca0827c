import { expect } from 'chai';
import { pino } from 'pino';
import type { CoreEvent } from '../../kube/event.ts';
import type { KubeHttp } from '../../kube/http.ts';
import { Duration } from '../../util/duration.ts';
import type { Ledger } from '../ledger.ts';
import { Reverts } from '../reverts.ts';
import { EventQueue } from './queue.ts';
import { captureLog, fakeEventsApi } from './testing/fakes.ts';
import { FaultWindows, type WindowStep } from './windows.ts';

const RUN = 'run-20261125164205-193c0c';
const quiet = pino({ level: 'silent' });
const target = { namespace: 'sts-demo', name: 'web', uid: 'sts-uid' };
const podKill: WindowStep = {
  step: 'identity/pod-kill-graceful',
  fault: 'pod-kill',
  label: 'pod-kill (graceful)',
  victim: { pod: 'web-2', uid: 'old-uid', node: 'lab-n1' },
};
const cordon: WindowStep = {
  step: 'split-brain/node-cordon',
  fault: 'node-cordon',
  label: 'node-cordon',
  victim: { pod: 'web-1', uid: 'uid-1', node: 'lab-n2' },
};

/** A ledger that keeps nothing, and reverts whose actions always work (a node patch answered). */
function reverts(windows: FaultWindows): Reverts {
  const ledger = {
    add: async () => {},
    remove: async () => {},
    configMapName: 'ledger',
  } as unknown as Ledger;
  const http = { request: async () => ({}) } as unknown as KubeHttp;
  return new Reverts(
    { http, exec: { run: async () => ({ exitCode: 0, stdout: '', stderr: '' }) }, log: quiet },
    ledger,
    RUN,
    windows,
  );
}

/** The windows of a run whose Events go through a queue to a fake API server; `uids` are the pods there now. */
function setup(uids: Record<string, string> = {}) {
  const api = fakeEventsApi();
  const queue = new EventQueue({ http: api.http, log: captureLog().log, namespace: target.namespace });
  const windows = new FaultWindows({
    send: (e) => queue.push(e),
    reporter: { runId: RUN, instance: 'gate-sts-chaos-1-x7k2p' },
    target,
    uidNow: (kind, name) => (kind === 'Pod' ? uids[name] : undefined),
  });
  const sent = async () => {
    await queue.flush(Duration.seconds(2));
    return api.created;
  };
  return { api, windows, sent, reverts: reverts(windows) };
}

/** reason, kind/name (uid), type: one line per Event. */
const brief = (e: CoreEvent) =>
  `${e.reason} ${e.involvedObject.kind}/${e.involvedObject.name} (${e.involvedObject.uid}) ${e.type}`;

describe('FaultWindows', () => {
  it('one step: injected on the victim, recovered with its time on the pod there now, reverted; each on the StatefulSet and the pod', async () => {
    const t = setup({ 'web-1': 'uid-1' });
    const w = t.windows.open(cordon);
    const t0 = Date.parse('2026-11-25T16:42:05.000Z');
    w.injected(t0);
    const undo = await t.reverts.register({ kind: 'uncordon', node: 'lab-n2' }, 'uncordon node lab-n2');
    w.recovered(t0 + 4_200);
    await undo.revert();
    w.close();
    const events = await t.sent();
    expect(events.map(brief)).to.deep.equal([
      'FaultInjected StatefulSet/web (sts-uid) Normal',
      'FaultInjected Pod/web-1 (uid-1) Normal',
      'FaultRecovered StatefulSet/web (sts-uid) Normal',
      'FaultRecovered Pod/web-1 (uid-1) Normal',
      'FaultReverted StatefulSet/web (sts-uid) Normal',
      'FaultReverted Pod/web-1 (uid-1) Normal',
    ]);
    const [injected, , recovered, , reverted] = events;
    // A node fault names the node, and carries it as the related object (an Event on a Node would be in `default`).
    expect(injected?.message).to.equal(
      `run ${RUN}, step split-brain/node-cordon: node-cordon on node lab-n2 (victim pod web-1): injected`,
    );
    expect(injected?.related).to.deep.equal({ apiVersion: 'v1', kind: 'Node', name: 'lab-n2' });
    expect(injected?.eventTime).to.equal('2026-11-25T16:42:05.000000Z');
    expect(recovered?.message).to.equal(
      `run ${RUN}, step split-brain/node-cordon: node-cordon on node lab-n2 (victim pod web-1): recovered in 4.2s (every ordinal Ready)`,
    );
    expect(recovered?.eventTime).to.equal('2026-11-25T16:42:09.200000Z');
    expect(recovered?.metadata.annotations).to.deep.equal({
      'sts-chaos.io/run': RUN,
      'sts-chaos.io/step': 'split-brain/node-cordon',
      'sts-chaos.io/fault': 'node-cordon',
      'sts-chaos.io/victim-pod': 'web-1',
      'sts-chaos.io/victim-node': 'lab-n2',
      'sts-chaos.io/recovery-seconds': '4.200',
    });
    expect(reverted?.message).to.match(/: reverted \(uncordon node lab-n2\)$/);
    expect(reverted?.action).to.equal('Revert');
    expect(events.every((e) => e.metadata.labels['sts-chaos.io/run'] === RUN)).to.equal(true);
    expect(new Set(events.map((e) => e.metadata.name)).size).to.equal(6);
  });

  it("a pod fault names the pod; the recovery is on the pod's new incarnation", async () => {
    const t = setup({ 'web-2': 'new-uid' });
    const w = t.windows.open(podKill);
    w.injected(1_000);
    w.recovered(2_500);
    w.close();
    const events = await t.sent();
    expect(events.map(brief)).to.deep.equal([
      'FaultInjected StatefulSet/web (sts-uid) Normal',
      'FaultInjected Pod/web-2 (old-uid) Normal',
      'FaultRecovered StatefulSet/web (sts-uid) Normal',
      'FaultRecovered Pod/web-2 (new-uid) Normal',
    ]);
    expect(events[0]?.message).to.equal(
      `run ${RUN}, step identity/pod-kill-graceful: pod-kill (graceful) on pod web-2 (node lab-n1): injected`,
    );
    expect(events[0]?.related).to.equal(undefined);
    expect(events[2]?.message).to.match(/recovered in 1\.5s/);
  });

  it('an aborted step: one FaultAborted (Warning) with why, however often it is said; its revert still follows', async () => {
    const t = setup();
    const w = t.windows.open(cordon);
    w.injected(1_000);
    await t.reverts.register({ kind: 'uncordon', node: 'lab-n2' }, 'uncordon node lab-n2');
    w.aborted('interrupted by SIGTERM; every fault is reverted');
    w.aborted('the run aborted: something else');
    w.close();
    // The run's end reverts what is pending: still this step's.
    await t.reverts.revertAll();
    const events = await t.sent();
    expect(events.map(brief)).to.deep.equal([
      'FaultInjected StatefulSet/web (sts-uid) Normal',
      'FaultInjected Pod/web-1 (uid-1) Normal',
      'FaultAborted StatefulSet/web (sts-uid) Warning',
      'FaultAborted Pod/web-1 (uid-1) Warning',
      'FaultReverted StatefulSet/web (sts-uid) Normal',
      'FaultReverted Pod/web-1 (uid-1) Normal',
    ]);
    expect(events[2]?.message).to.equal(
      `run ${RUN}, step split-brain/node-cordon: node-cordon on node lab-n2 (victim pod web-1): aborted: interrupted by SIGTERM; every fault is reverted`,
    );
    expect(events[2]?.action).to.equal('Abort');
  });

  it('a revert registered outside any step window makes no Event', async () => {
    const t = setup();
    t.windows.open(podKill).close();
    const undo = await t.reverts.register({ kind: 'uncordon', node: 'lab-n2' }, 'uncordon node lab-n2');
    await undo.revert();
    expect(await t.sent()).to.deep.equal([]);
  });

  it('never throws into a step: an Event that cannot be made is logged and dropped', async () => {
    const { log, lines } = captureLog();
    const windows = new FaultWindows({
      send: () => {
        throw new Error('queue broken');
      },
      reporter: { runId: RUN, instance: 'me' },
      target,
      log,
    });
    const w = windows.open(podKill);
    expect(() => w.injected(0)).to.not.throw();
    expect(() => windows.finished({ outcome: 'passed', exitCode: 0, steps: 1 })).to.not.throw();
    expect(lines.map((l) => l.msg)).to.include(
      'events: could not make Event FaultInjected on pod sts-demo/web-2: queue broken',
    );
    // A recorder that cannot answer: the UIDs known at the start.
    const sent: CoreEvent[] = [];
    const blind = new FaultWindows({
      send: (e) => sent.push(e),
      reporter: { runId: RUN, instance: 'me' },
      target,
      uidNow: () => {
        throw new Error('recorder stopped');
      },
    });
    const b = blind.open(podKill);
    expect(() => b.injected(0)).to.not.throw();
    expect(() => b.recovered(Number.NaN)).to.not.throw();
    expect(sent.map(brief)).to.deep.equal([
      'FaultInjected StatefulSet/web (sts-uid) Normal',
      'FaultInjected Pod/web-2 (old-uid) Normal',
      'FaultRecovered StatefulSet/web (sts-uid) Normal',
      'FaultRecovered Pod/web-2 (old-uid) Normal',
    ]);
  });

  it("the run's end: one RunFinished on the StatefulSet with the verdict and the exit code; Warning unless passed", async () => {
    const t = setup();
    t.windows.finished({ outcome: 'passed', exitCode: 0, steps: 8 });
    t.windows.finished({
      outcome: 'failed',
      exitCode: 1,
      reason: 'failed: VOL-3 on pod-kill web-2',
      steps: 8,
    });
    const events = await t.sent();
    expect(events.map(brief)).to.deep.equal([
      'RunFinished StatefulSet/web (sts-uid) Normal',
      'RunFinished StatefulSet/web (sts-uid) Warning',
    ]);
    expect(events[0]?.message).to.equal(`run ${RUN}: verdict PASSED (exit 0) after 8 fault step(s)`);
    expect(events[1]?.message).to.equal(
      `run ${RUN}: verdict FAILED (exit 1) after 8 fault step(s): failed: VOL-3 on pod-kill web-2`,
    );
    expect(events[1]?.metadata.annotations).to.deep.equal({
      'sts-chaos.io/run': RUN,
      'sts-chaos.io/verdict': 'failed',
      'sts-chaos.io/exit-code': '1',
    });
    expect(events[1]?.action).to.equal('Finish');
  });
});
