import { expect } from 'chai';
import { Duration } from '../../util/duration.ts';
import { captureLog } from '../events/testing/fakes.ts';
import { ClusterGate } from './cluster.ts';
import { fakeJobApi, until } from './testing/job-api.ts';
import { aPlan } from './testing/plan.ts';

const KEY = 'sts-chaos.io/continue';

async function gateOf(remindEvery = Duration.minutes(1)) {
  const api = fakeJobApi();
  const { log, lines } = captureLog();
  const gate = await ClusterGate.open({
    http: api.http,
    namespace: 'demo',
    job: 'run-1',
    log,
    remindEvery,
    watchBackoff: Duration.millis(1),
  });
  await until(() => api.watches.length === 1, 'the watch');
  return { api, gate, lines, msgs: () => lines.map((l) => l.msg) };
}

describe('ClusterGate (the annotation on the Job)', () => {
  it('logs the plan and the command that answers, then continues on the watch event that names the step', async () => {
    const { api, gate, msgs } = await gateOf();
    const answer = gate.before(aPlan(), new AbortController().signal);
    await until(() => msgs().some((m) => m.startsWith('waiting for the operator')), 'the wait line');
    expect(msgs()).to.include(
      'guided: step 3 of 14: identity/pod-kill-forced on demo/web: pod-kill (forced) web-2',
    );
    expect(msgs()).to.include(
      'guided: does:    delete pod demo/web-2 (on node n2) with grace period 0 (forced)',
    );
    expect(msgs().find((m) => m.startsWith('waiting'))).to.equal(
      `waiting for the operator: kubectl -n demo annotate job/run-1 ${KEY}=3 --overwrite (skip it: ${KEY}=skip:3, abort the run: ${KEY}=abort)`,
    );
    api.annotate(KEY, '2');
    api.annotate(KEY, '3');
    expect(await answer).to.equal('continue');
    expect(msgs().at(-1)).to.match(/step 3 of 14: continuing \(sts-chaos\.io\/continue=3 on job\/run-1\)/);
    await gate.close();
  });

  it('an answer already on the Job for that step is taken at once; another step’s is not', async () => {
    const { api, gate } = await gateOf();
    api.annotate(KEY, 'skip:4');
    expect(await gate.before(aPlan({ number: 4 }), new AbortController().signal)).to.equal('skip');
    const next = gate.before(aPlan({ number: 5 }), new AbortController().signal);
    api.annotate(KEY, 'abort');
    expect(await next).to.equal('abort');
    await gate.close();
  });

  it('says so of a value it cannot read, and waits on', async () => {
    const { api, gate, lines } = await gateOf();
    const answer = gate.before(aPlan(), new AbortController().signal);
    api.annotate(KEY, 'go');
    await until(() => lines.some((l) => l.msg.includes('"go" is not an answer')), 'the warning');
    api.annotate(KEY, '3');
    expect(await answer).to.equal('continue');
    await gate.close();
  });

  it('reminds what it waits for and what it last saw, every remindEvery', async () => {
    const { api, gate, msgs } = await gateOf(Duration.millis(20));
    const answer = gate.before(aPlan(), new AbortController().signal);
    api.annotate(KEY, '2');
    await until(() => msgs().some((m) => m.startsWith('still waiting')), 'a reminder');
    expect(msgs().find((m) => m.startsWith('still waiting'))).to.match(
      /^still waiting for the operator at step 3 of 14 \(identity\/pod-kill-forced\) for .*: sts-chaos\.io\/continue on job\/run-1 is "2" \(last seen .* ago\); kubectl -n demo annotate job\/run-1 sts-chaos\.io\/continue=3 --overwrite$/,
    );
    api.annotate(KEY, '3');
    await answer;
    const n = msgs().filter((m) => m.startsWith('still waiting')).length;
    await new Promise((r) => setTimeout(r, 60));
    expect(msgs().filter((m) => m.startsWith('still waiting'))).to.have.length(n);
    await gate.close();
  });

  it('ends the wait when the signal aborts (SIGTERM), with its reason', async () => {
    const { gate } = await gateOf();
    const ac = new AbortController();
    const answer = gate.before(aPlan(), ac.signal);
    ac.abort(new Error('SIGTERM'));
    let err: Error | undefined;
    await answer.catch((e: Error) => (err = e));
    expect(err?.message).to.equal('SIGTERM');
    await gate.close();
  });

  it('aborts when the Job is deleted while a step waits', async () => {
    const { api, gate } = await gateOf();
    const answer = gate.before(aPlan(), new AbortController().signal);
    api.send('DELETED', { metadata: { name: 'run-1', resourceVersion: '99' } });
    expect(await answer).to.equal('abort');
    await gate.close();
  });

  it('fails the wait when the Job cannot be watched any more: nobody could answer', async () => {
    const api = fakeJobApi();
    api.failWatch(403);
    const { log } = captureLog();
    const gate = await ClusterGate.open({ http: api.http, namespace: 'demo', job: 'run-1', log });
    let err: Error | undefined;
    await until(() => api.gets.length === 1, 'the read');
    await new Promise((r) => setTimeout(r, 10));
    await gate.before(aPlan(), new AbortController().signal).catch((e: Error) => (err = e));
    expect(err?.message).to.match(/cannot watch job demo\/run-1/);
    await gate.close();
  });
});
