import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { answerOf, PROMPT, TerminalGate } from './terminal.ts';
import { aPlan } from './testing/plan.ts';

/** A terminal gate over a stream the test types into, its output kept. */
function terminal() {
  const input = new PassThrough();
  let out = '';
  let t = 0;
  const gate = new TerminalGate({ input, output: { write: (s: string) => (out += s) }, now: () => t });
  return {
    gate,
    type: (s: string) => input.write(s),
    end: () => input.end(),
    out: () => out,
    at: (ms: number) => {
      t = ms;
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('TerminalGate', () => {
  it('reads the answers: Enter or c continues, s skips, a aborts, in either case', () => {
    expect(['', ' c', 'C', 'continue'].map(answerOf)).to.deep.equal(Array(4).fill('continue'));
    expect(['s', 'SKIP'].map(answerOf)).to.deep.equal(['skip', 'skip']);
    expect(['a', 'abort '].map(answerOf)).to.deep.equal(['abort', 'abort']);
    expect(answerOf('yes')).to.equal(undefined);
  });

  it('prints the plan (step, pod and node, checks, revert) and the prompt, then takes the line typed', async () => {
    const t = terminal();
    const answer = t.gate.before(aPlan(), new AbortController().signal);
    await tick();
    expect(t.out()).to.include('step 3 of 14: identity/pod-kill-forced on demo/web: pod-kill (forced) web-2');
    expect(t.out()).to.include('does:    delete pod demo/web-2 (on node n2) with grace period 0 (forced)');
    expect(t.out()).to.include('checks:  ID-1 stable pod name');
    expect(t.out()).to.include('reverts: nothing to revert');
    expect(t.out().endsWith(PROMPT)).to.equal(true);
    t.type('\n');
    expect(await answer).to.equal('continue');
    const next = t.gate.before(aPlan({ number: 4 }), new AbortController().signal);
    t.type('s\n');
    expect(await next).to.equal('skip');
    await t.gate.close();
  });

  it('asks again after a line that is no answer', async () => {
    const t = terminal();
    const answer = t.gate.before(aPlan(), new AbortController().signal);
    t.type('maybe\n');
    await tick();
    expect(t.out()).to.include('"maybe" is not an answer');
    t.type('a\n');
    expect(await answer).to.equal('abort');
    expect(t.out().split(PROMPT)).to.have.length(3);
    await t.gate.close();
  });

  it('drops what is typed while no step waits: an Enter too many never runs a step unseen', async () => {
    const t = terminal();
    t.type('\n\nc\n');
    await tick();
    const answer = t.gate.before(aPlan(), new AbortController().signal);
    let settled = false;
    void answer.then(() => (settled = true));
    await tick();
    expect(settled).to.equal(false);
    t.type('s\n');
    expect(await answer).to.equal('skip');
    await t.gate.close();
  });

  it('ends the wait when the signal aborts (SIGTERM), with its reason', async () => {
    const t = terminal();
    const ac = new AbortController();
    const answer = t.gate.before(aPlan(), ac.signal);
    ac.abort(new Error('SIGTERM'));
    let err: Error | undefined;
    await answer.catch((e: Error) => (err = e));
    expect(err?.message).to.equal('SIGTERM');
    // The line typed after is not taken by the abandoned wait.
    t.type('c\n');
    await t.gate.close();
  });

  it('aborts the run when the terminal input ends: no operator, no more faults', async () => {
    const t = terminal();
    const answer = t.gate.before(aPlan(), new AbortController().signal);
    t.end();
    expect(await answer).to.equal('abort');
    expect(t.out()).to.include('the terminal input ended: aborting the run');
    expect(await t.gate.before(aPlan({ number: 4 }), new AbortController().signal)).to.equal('abort');
  });

  it('counts the time spent waiting', async () => {
    const t = terminal();
    t.at(1000);
    const answer = t.gate.before(aPlan(), new AbortController().signal);
    t.at(4000);
    t.type('c\n');
    await answer;
    expect(t.gate.waitedMs).to.equal(3000);
    await t.gate.close();
  });
});
