import { execFile, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { Duration } from '../util/duration.ts';
import type { KubeletProcess, ProcFs } from './kubelet-finder.ts';
import { startTimeOf } from './kubelet-finder.ts';
import type { Run } from './role-query.ts';
import { armSystemdBackstop, disarmSystemdBackstop, resumeCommand } from './systemd-backstop.ts';

const K: KubeletProcess = { pid: 4242, startTime: '777', cmdline: '/usr/bin/kubelet' };
const fsWithInit = (comm: string): ProcFs => ({
  readFile: async (p) => {
    if (p === '/proc/1/comm') return `${comm}\n`;
    throw new Error('ENOENT');
  },
  readdir: async () => [],
  readlink: async () => '',
});
const recorder = (fail?: string) => {
  const calls: string[][] = [];
  const run: Run = async (file, args) => {
    calls.push([file, ...args]);
    if (fail) throw new Error(fail);
    return { stdout: '' };
  };
  return { calls, run };
};

describe('the systemd backstop', () => {
  it('is not armed where the host PID 1 is not systemd, and says what it is', async () => {
    const r = recorder();
    const b = await armSystemdBackstop(fsWithInit('tini'), r.run, K, Duration.seconds(80));
    expect(b).to.deep.equal({ armed: false, why: "the host's PID 1 is tini, not systemd" });
    expect(r.calls).to.deep.equal([]);
  });

  it("arms a transient timer in the host's systemd after the deadline, and stops it after the resume", async () => {
    const r = recorder();
    const b = await armSystemdBackstop(fsWithInit('systemd'), r.run, K, Duration.seconds(80), () => 36 ** 3);
    expect(b).to.deep.equal({
      armed: true,
      unit: 'sts-chaos-resume-4242-1000.timer',
      at: new Date(36 ** 3 + 80_000).toISOString(),
    });
    const argv = r.calls[0] ?? [];
    expect(argv.slice(0, 9)).to.deep.equal(['nsenter', '-t', '1', '-m', '-u', '-i', '-n', '-p', '--']);
    expect(argv).to.include.members(['systemd-run', '--unit=sts-chaos-resume-4242-1000', '--on-active=80s']);
    expect(argv.at(-1)).to.equal(resumeCommand(K));
    await disarmSystemdBackstop(r.run, b);
    expect(r.calls[1]?.slice(-3)).to.deep.equal(['systemctl', 'stop', 'sts-chaos-resume-4242-1000.timer']);
  });

  it('a failed systemd-run is said, not fatal', async () => {
    const r = recorder('Failed to connect to bus: No such file or directory');
    const b = await armSystemdBackstop(fsWithInit('systemd'), r.run, K, Duration.seconds(80));
    expect(b).to.deep.equal({
      armed: false,
      why: 'systemd-run failed: Failed to connect to bus: No such file or directory',
    });
  });

  describe("the timer's command, run by a real shell on a real stopped process", () => {
    const stopped = async () => {
      const child = spawn('sleep', ['30'], { stdio: 'ignore' });
      const pid = child.pid as number;
      process.kill(pid, 'SIGSTOP');
      const stat = async () => readFile(`/proc/${pid}/stat`, 'utf8');
      for (let i = 0; i < 100 && !/\) T /.test(await stat()); i++)
        await new Promise((r) => setTimeout(r, 10));
      const k: KubeletProcess = { pid, startTime: startTimeOf(await stat()) ?? '', cmdline: 'sleep 30' };
      const state = async () =>
        (await stat()).slice((await stat()).lastIndexOf(')') + 2, (await stat()).lastIndexOf(')') + 3);
      return { child, k, state };
    };
    const sh = (cmd: string) => promisify(execFile)('sh', ['-c', cmd]);

    it('resumes the same process (PID and start time)', async () => {
      const { child, k, state } = await stopped();
      try {
        expect(await state()).to.equal('T');
        await sh(resumeCommand(k));
        expect(await state()).to.not.equal('T');
      } finally {
        child.kill('SIGKILL');
      }
    });

    it('leaves a process alone whose start time differs (a reused PID)', async () => {
      const { child, k, state } = await stopped();
      try {
        await sh(resumeCommand({ ...k, startTime: String(Number(k.startTime) + 1) }));
        expect(await state()).to.equal('T');
      } finally {
        child.kill('SIGKILL');
      }
    });
  });
});
