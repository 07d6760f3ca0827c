import { expect } from 'chai';
import { parseAgentLog, recordAgentReport } from './agent-report.ts';
import type { FaultEnv } from './types.ts';

const LOG = [
  '{"at":"2026-11-30T03:00:00.000Z","event":"found","pid":4242,"startTime":"77","cmdline":"kubelet"}',
  '{"at":"2026-11-30T03:00:00.100Z","event":"armed","layer":"dead-man"}',
  '{"at":"2026-11-30T03:00:00.200Z","event":"frozen","pid":4242}',
  '{"at":"2026-11-30T03:00:00.300Z","event":"witness","phase":"lost","pods":[{"uid":"u0","containers":["aaaaaaaaaaaa"],"pids":[9]},{"uid":"u2","containers":[],"pids":[]}]}',
  "a line that is not the agent's",
  '{"at":"2026-11-30T03:00:30.000Z","event":"requested","why":"the run asked"}',
  '{"at":"2026-11-30T03:00:30.010Z","event":"resume","ended":"requested","resume":"resumed","frozenMs":29810}',
  '{"at":"2026-11-30T03:00:32.000Z","event":"witness","phase":"back","pods":[{"uid":"u0","containers":[],"pids":[]}]}',
].join('\n');

function fakeEnv() {
  const marks: Record<string, unknown>[] = [];
  const env = { recorder: { store: { mark: (m: Record<string, unknown>) => marks.push(m) } } };
  return { env: env as unknown as FaultEnv, marks };
}

describe("the node agent's report (its log, read once the node is back)", () => {
  it('keeps only its JSON lines', () => {
    expect(parseAgentLog(LOG).map((l) => l.event)).to.deep.equal([
      'found',
      'armed',
      'frozen',
      'witness',
      'requested',
      'resume',
      'witness',
    ]);
    expect(parseAgentLog('{not json\n{"event":"x"}\n')).to.deep.equal([]);
  });

  it('records each witness look at the time it was made, naming the containers; sums up the hold', () => {
    const { env, marks } = fakeEnv();
    const names = new Map([['aaaaaaaaaaaa', 'demo/web-0/web']]);
    const s = recordAgentReport(env, 'n1', parseAgentLog(LOG), names);
    expect(s).to.deep.include({
      pid: 4242,
      ended: 'requested',
      resume: 'resumed',
      frozenMs: 29810,
      why: 'the run asked',
      witnessed: 2,
    });
    expect(marks.map((m) => m.details)).to.deep.equal([
      {
        observation: 'node-containers',
        phase: 'lost',
        observedAt: Date.parse('2026-11-30T03:00:00.300Z'),
        source: 'node agent',
        podUids: ['u0'],
        containers: ['demo/web-0/web'],
      },
      {
        observation: 'node-containers',
        phase: 'back',
        observedAt: Date.parse('2026-11-30T03:00:32.000Z'),
        source: 'node agent',
        podUids: [],
        containers: [],
      },
    ]);
  });

  it("turns the agent's role answers into SB-4 samples at the time they were made, via the node agent", () => {
    const samples: Record<string, unknown>[] = [];
    const env = {
      recorder: { store: { mark: () => {}, sample: (x: Record<string, unknown>) => samples.push(x) } },
    };
    const lines = parseAgentLog(
      [
        '{"at":"2026-11-30T03:00:02.000Z","event":"role","uid":"u0","ok":true,"value":"primary"}',
        '{"at":"2026-11-30T03:00:04.000Z","event":"role","uid":"u9","ok":true,"value":"primary"}',
      ].join('\n'),
    );
    recordAgentReport(env as unknown as FaultEnv, 'n1', lines, new Map(), new Map([['u0', 'web-0']]));
    expect(samples).to.deep.equal([
      {
        probe: 'role',
        ordinal: 0,
        pod: 'web-0',
        uid: 'u0',
        ok: true,
        value: 'primary',
        via: 'node agent on n1',
        observedAt: Date.parse('2026-11-30T03:00:02.000Z'),
      },
    ]);
  });

  it('an agent cut short says so', () => {
    const { env } = fakeEnv();
    const cut = parseAgentLog(
      [
        '{"at":"2026-11-30T03:00:00.200Z","event":"frozen","pid":1}',
        '{"at":"2026-11-30T03:00:05.000Z","event":"cut-short","state":"running"}',
        '{"at":"2026-11-30T03:00:05.001Z","event":"resume","ended":"cut-short","resume":"not-stopped","frozenMs":4800}',
      ].join('\n'),
    );
    expect(recordAgentReport(env, 'n1', cut, new Map())).to.deep.include({
      ended: 'cut-short',
      why: 'the kubelet was running',
    });
  });

  it('says whether the systemd backstop was armed, or why not', () => {
    const { env } = fakeEnv();
    const armed = parseAgentLog(
      '{"at":"2026-11-30T03:00:00.100Z","event":"armed","layer":"systemd","unit":"sts-chaos-resume-9-x.timer","fires":"2026-11-30T03:02:00.100Z"}',
    );
    expect(recordAgentReport(env, 'n1', armed, new Map()).backstop).to.equal(
      'timer sts-chaos-resume-9-x.timer, fires at 2026-11-30T03:02:00.100Z',
    );
    const none = parseAgentLog(
      '{"at":"2026-11-30T03:00:00.100Z","event":"not-armed","layer":"systemd","why":"the host\'s PID 1 is tini, not systemd"}',
    );
    expect(recordAgentReport(env, 'n1', none, new Map()).backstop).to.equal(
      "none (the host's PID 1 is tini, not systemd)",
    );
  });
});
