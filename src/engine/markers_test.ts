import { expect } from 'chai';
import type { ExecResult, PodExec } from '../kube/exec.ts';
import type { Recorder } from '../timeline/recorder.ts';
import { readMarkers } from './markers.ts';
import type { Target } from './target.ts';

const target = {
  namespace: 'ns',
  name: 'web',
  replicas: 2,
  ordinalsStart: 0,
  container: 'app',
  claimMounts: { data: '/data' },
} as unknown as Target;

/** A recorder that knows the pods `web-0` (uid u0) and `web-1` (uid u1) and keeps the samples. */
function fakeRecorder(): Recorder & { samples: Record<string, unknown>[] } {
  const samples: Record<string, unknown>[] = [];
  const pods = [0, 1].map((i) => ({ metadata: { name: `web-${i}`, uid: `u${i}` } }));
  return {
    samples,
    objects: (kind: string) => (kind === 'Pod' ? pods : []),
    store: { sample: (s: Record<string, unknown>) => samples.push(s) },
  } as unknown as Recorder & { samples: Record<string, unknown>[] };
}

/** A PodExec that answers every run with `answer` (an Error is thrown) and counts the runs. */
function fakeExec(answer: ExecResult | Error): PodExec & { runs: number } {
  const f = {
    runs: 0,
    async run() {
      f.runs++;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  return f;
}

describe('readMarkers', () => {
  it('records what each ordinal read, naming the pod and its uid', async () => {
    const rec = fakeRecorder();
    const read = await readMarkers(
      fakeExec({ exitCode: 0, stdout: '/data=ordinal=1 run=r seq=1\n', stderr: '' }),
      rec,
      target,
      [],
      [1],
    );
    expect([...read]).to.deep.equal([[1, 'u1']]);
    expect(rec.samples).to.deep.equal([
      {
        probe: 'marker',
        ordinal: 1,
        pod: 'web-1',
        uid: 'u1',
        ok: true,
        value: '/data=ordinal=1 run=r seq=1',
      },
    ]);
  });

  describe('once (a new pod tried at its Started event)', () => {
    it('keeps a failed command as a result: a missing marker is what the pod holds', async () => {
      const rec = fakeRecorder();
      const exec = fakeExec({
        exitCode: 1,
        stdout: '/data=',
        stderr: 'cat: /data/.sts-chaos-marker: No such file',
      });
      const read = await readMarkers(exec, rec, target, [], [0], { once: true });
      expect([...read]).to.deep.equal([[0, 'u0']]);
      expect(rec.samples).to.have.length(1);
      expect(rec.samples[0]).to.include({ ordinal: 0, uid: 'u0', ok: false });
      expect(String(rec.samples[0]?.value)).to.contain('No such file');
      expect(exec.runs).to.equal(1);
    });

    it('records nothing and leaves the ordinal out when the exec itself fails, without retrying', async () => {
      const rec = fakeRecorder();
      const exec = fakeExec(new Error('container not found ("app")'));
      const read = await readMarkers(exec, rec, target, [], [0, 1], { once: true });
      expect(read.size).to.equal(0);
      expect(rec.samples).to.deep.equal([]);
      expect(exec.runs).to.equal(2);
    });
  });
});
