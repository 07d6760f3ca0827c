import { expect } from 'chai';
import { Duration } from '../util/duration.ts';
import { holdFrozen } from './hold.ts';
import type { KubeletProcess, ProcFs } from './kubelet-finder.ts';
import { resumeKubelet } from './kubelet-signal.ts';

const KUBELET: KubeletProcess = { pid: 100, startTime: '5000', cmdline: '/usr/bin/kubelet' };

/** A fake kubelet process: kill() changes its state as the kernel would; `restart()` replaces it. */
function fake() {
  let state = 'S';
  let start = '5000';
  let gone = false;
  const signals: string[] = [];
  const fs: ProcFs = {
    async readFile(p) {
      if (p !== '/proc/100/stat' || gone) throw new Error('ENOENT');
      return `100 (kubelet) ${state} 1 100 100 0 -1 0 0 0 0 0 0 0 0 0 20 0 12 0 ${start} 1000 10`;
    },
    readdir: async () => [],
    readlink: async () => '',
  };
  return {
    fs,
    signals,
    kill: (_pid: number, sig: 'SIGSTOP' | 'SIGCONT') => {
      signals.push(sig);
      state = sig === 'SIGSTOP' ? 'T' : 'S';
    },
    restart: () => {
      state = 'S';
      start = '9999';
    },
    exit: () => {
      gone = true;
    },
  };
}

/** A hold of the fake kubelet, ticking every 10 ms; `o` overrides. */
function holdOf(f: ReturnType<typeof fake>, o: Partial<Parameters<typeof holdFrozen>[0]> = {}) {
  return holdFrozen({
    tick: Duration.millis(10),
    fs: f.fs,
    kill: f.kill,
    kubelet: KUBELET,
    hold: Duration.seconds(30),
    signal: new AbortController().signal,
    ...o,
  });
}

describe('holdFrozen', () => {
  it('freezes, holds to the deadline, resumes', async () => {
    const f = fake();
    const r = await holdOf(f, { hold: Duration.millis(60) });
    expect(r).to.include({ ended: 'deadline', resume: 'resumed' });
    expect(f.signals).to.deep.equal(['SIGSTOP', 'SIGCONT']);
  });

  it('resumes at once on a stop request (SIGTERM to the agent)', async () => {
    const f = fake();
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 20);
    const r = await holdOf(f, { signal: stop.signal });
    expect(r).to.include({ ended: 'signal', resume: 'resumed' });
    expect(r.frozenMs).to.be.below(1000);
  });

  it("resumes early when the run is dead (the dead-man's switch)", async () => {
    const f = fake();
    let alive = 3;
    const events: Record<string, unknown>[] = [];
    const r = await holdOf(f, {
      checkRun: async () => (alive-- > 0 ? undefined : { ended: 'dead-man', why: 'not renewed for 40s' }),
      report: (e) => events.push(e),
    });
    expect(r).to.include({ ended: 'dead-man', resume: 'resumed' });
    expect(events).to.deep.include({ event: 'dead-man', why: 'not renewed for 40s' });
  });

  it("resumes early at the run's request", async () => {
    const f = fake();
    const r = await holdOf(f, { checkRun: async () => ({ ended: 'requested', why: 'asked' }) });
    expect(r).to.include({ ended: 'requested', resume: 'resumed' });
    expect(f.signals).to.deep.equal(['SIGSTOP', 'SIGCONT']);
  });

  it('a stop not seen within 2 s is cancelled (SIGCONT) and the hold refused; a resume of a running kubelet still sends SIGCONT', async () => {
    const f = fake();
    const deaf = { ...f, kill: (_pid: number, sig: 'SIGSTOP' | 'SIGCONT') => f.signals.push(sig) };
    const err = await holdOf(deaf).catch((e: Error) => e);
    expect(String(err)).to.match(/not seen stopped within 2 s/);
    expect(f.signals).to.deep.equal(['SIGSTOP', 'SIGCONT']);
    expect(await resumeKubelet(f.fs, KUBELET, f.kill)).to.equal('not-stopped');
    expect(f.signals.at(-1)).to.equal('SIGCONT');
  });

  it('says "cut short" and signals nothing more when something else restarted the kubelet', async () => {
    const f = fake();
    setTimeout(() => f.restart(), 20);
    const r = await holdOf(f);
    expect(r).to.include({ ended: 'cut-short', resume: 'replaced' });
    expect(f.signals).to.deep.equal(['SIGSTOP']);
  });

  it('never signals a PID that another process now has, nor a gone one', async () => {
    const f = fake();
    f.kill(100, 'SIGSTOP');
    f.restart();
    expect(await resumeKubelet(f.fs, KUBELET, f.kill)).to.equal('replaced');
    f.exit();
    expect(await resumeKubelet(f.fs, KUBELET, f.kill)).to.equal('gone');
    expect(f.signals).to.deep.equal(['SIGSTOP']);
  });
});
