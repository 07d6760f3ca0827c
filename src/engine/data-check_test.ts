import { expect } from 'chai';
import type { ExecResult, PodExec } from '../kube/exec.ts';
import { TimelineStore } from '../timeline/store.ts';
import { DATA_WRITE_STEP } from '../timeline/types.ts';
import { Duration } from '../util/duration.ts';
import { DataCheck } from './data-check.ts';
import type { Target } from './target.ts';

const target: Target = {
  namespace: 'db',
  name: 'redis',
  serviceName: 'redis',
  replicas: 3,
  ordinalsStart: 0,
  podManagementPolicy: 'OrderedReady',
  claimTemplates: ['data'],
  selector: 'app=redis',
  container: 'redis',
  claimMounts: { data: '/data' },
  statefulSet: { metadata: { name: 'web', uid: 'sts' } },
};

interface Call {
  pod: string;
  command: readonly string[];
}

/** An exec whose answer per call comes from `answer`; it records every call. */
function fakeExec(answer: (c: Call, n: number) => ExecResult | Error): PodExec & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    async run(_ns, pod, _container, command) {
      const c = { pod, command };
      calls.push(c);
      const a = answer(c, calls.length);
      if (a instanceof Error) throw a;
      return a;
    },
  };
}

function setup(exec: PodExec, timeout = Duration.seconds(3)) {
  const store = new TimelineStore(target);
  const rec = { store, objects: <T>() => [] as T[] };
  const dc = new DataCheck(
    { write: ['sh', '-c', 'w'], verify: ['sh', '-c', 'v'], writeOrdinal: 0, timeout },
    exec,
    rec,
    target,
    'run1',
  );
  return { store, dc };
}

const ok: ExecResult = { exitCode: 0, stdout: '', stderr: '' };

describe('DataCheck', () => {
  it('numbers the writes, passes the sequence and run in the environment, and marks each write', async () => {
    const exec = fakeExec((_c, n) => (n === 2 ? { exitCode: 1, stdout: '', stderr: 'READONLY\n' } : ok));
    const { store, dc } = setup(exec);
    expect(await dc.write()).to.equal(true);
    expect(await dc.write()).to.equal(false);
    expect(dc.acknowledged).to.equal(1);
    expect(exec.calls.map((c) => c.pod)).to.deep.equal(['redis-0', 'redis-0']);
    expect(exec.calls[1]?.command).to.deep.equal([
      'env',
      'STS_CHAOS_SEQ=2',
      'STS_CHAOS_RUN=run1',
      'sh',
      '-c',
      'w',
    ]);
    const marks = store.timeline().entries.flatMap((e) => (e.kind === 'mark' ? [e.details] : []));
    expect(marks).to.deep.equal([
      { step: DATA_WRITE_STEP, seq: 1, ok: true, pod: 'redis-0' },
      { step: DATA_WRITE_STEP, seq: 2, ok: false, pod: 'redis-0', error: 'exit 1: READONLY' },
    ]);
  });

  it('verifies the highest acknowledged record in every pod, retrying until a replica catches up', async () => {
    let lagging = 2;
    const exec = fakeExec((c) => {
      if (c.command[0] === 'env' && c.command.at(-1) === 'w') return ok;
      if (c.pod === 'redis-2' && lagging-- > 0) return { exitCode: 1, stdout: 'missing 1\n', stderr: '' };
      return ok;
    });
    const { store, dc } = setup(exec);
    await dc.write();
    await dc.verify();
    const samples = store.timeline().entries.flatMap((e) => (e.kind === 'sample' ? [e] : []));
    expect(samples.map((s) => [s.pod, s.ok, s.value])).to.have.deep.members([
      ['redis-0', true, 'records 1..1 readable (seq 1, 1 attempt)'],
      ['redis-1', true, 'records 1..1 readable (seq 1, 1 attempt)'],
      ['redis-2', true, 'records 1..1 readable (seq 1, 3 attempts)'],
    ]);
    expect(exec.calls.find((c) => c.pod === 'redis-1')?.command.slice(0, 2)).to.deep.equal([
      'env',
      'STS_CHAOS_SEQ=1',
    ]);
  });

  it('records what verify said when it never passes before the timeout', async () => {
    const exec = fakeExec((c) =>
      c.command.at(-1) === 'w' ? ok : c.pod === 'redis-1' ? new Error('pod gone') : ok,
    );
    const { store, dc } = setup(exec, Duration.millis(1500));
    await dc.write();
    await dc.verify();
    const bad = store.timeline().entries.find((e) => e.kind === 'sample' && !e.ok);
    expect(bad && bad.kind === 'sample' && bad.value).to.match(/^pod gone \(seq 1, 2 attempts\)$/);
  });

  it('verifies nothing before an acknowledged write', async () => {
    const exec = fakeExec(() => ({ exitCode: 1, stdout: '', stderr: 'no' }));
    const { store, dc } = setup(exec);
    await dc.write();
    await dc.verify();
    expect(store.timeline().entries.filter((e) => e.kind === 'sample')).to.have.length(0);
  });

  it('writes in the first existing ordinal (spec.ordinals.start) when no write ordinal is given', async () => {
    const exec = fakeExec(() => ok);
    const from3 = { ...target, ordinalsStart: 3 };
    const store = new TimelineStore(from3);
    const dc = new DataCheck(
      { write: ['sh', '-c', 'w'], verify: ['sh', '-c', 'v'], timeout: Duration.seconds(3) },
      exec,
      { store, objects: <T>() => [] as T[] },
      from3,
      'run1',
    );
    await dc.write();
    expect(exec.calls.map((c) => c.pod)).to.deep.equal(['redis-3']);
  });
});
