import { expect } from 'chai';
import { killFailed, pid1Refusal } from './process-kill.ts';

const out = (cgt: string, ign: string, cmd: string, wchan = 'do_select') =>
  `Name:\tx\nPid:\t1\nSigIgn:\t${ign}\nSigCgt:\t${cgt}\n---\n${wchan}\n---\n${cmd}`;
const ZERO = '0000000000000000';

describe('process kill: what a kill of PID 1 from inside the container would do', () => {
  it('goes ahead when PID 1 handles SIGTERM', () => {
    expect(pid1Refusal(out('0000000000004000', ZERO, 'nginx -g daemon off; '), 'web-1', undefined)).to.equal(
      undefined,
    );
  });

  it('refuses, naming the pod, the command and the ways out, when PID 1 has no SIGTERM handler', () => {
    const r = pid1Refusal(out(ZERO, ZERO, 'sleep 2147483647 '), 'web-1', undefined);
    expect(r).to.match(/^PID 1 of web-1 \(sleep 2147483647\) has no SIGTERM handler/);
    expect(r)
      .to.match(/--process-name/)
      .and.match(/tini/)
      .and.match(/from the node/);
  });

  it('refuses when PID 1 ignores SIGTERM', () => {
    expect(pid1Refusal(out(ZERO, '0000000000004000', 'server '), 'web-1', undefined)).to.match(
      /ignores SIGTERM/,
    );
  });

  it('lets an init that waits for its signals (tini: sigtimedwait, nothing caught in /proc) be killed', () => {
    // Measured on the etcd workload: tini's SigBlk and SigCgt are 0 while it waits in sigtimedwait.
    expect(
      pid1Refusal(
        out(ZERO, '0000000000300000', 'tini -- bash -c exec etcd ', 'do_sigtimedwait.isra.0'),
        'etcd-2',
        undefined,
      ),
    ).to.equal(undefined);
    // Its wchan hidden (0), by its name.
    expect(pid1Refusal(out(ZERO, ZERO, '/usr/bin/tini -- server ', '0'), 'etcd-2', undefined)).to.equal(
      undefined,
    );
    // A plain server waiting elsewhere without a handler is still refused.
    expect(pid1Refusal(out(ZERO, ZERO, 'sleep 2147483647 ', 'hrtimer_nanosleep'), 'w-1', undefined)).to.match(
      /has no SIGTERM handler/,
    );
  });

  it('refuses when PID 1 is the pause process of a shared process namespace, even with --process-name', () => {
    expect(pid1Refusal(out('0000000000004002', ZERO, '/pause '), 'web-1', undefined)).to.match(
      /pause process/,
    );
    expect(pid1Refusal(out('0000000000004002', ZERO, '/pause '), 'web-1', 'mysqld')).to.match(
      /pause process/,
    );
  });

  it('reads a server named pause as any PID 1 when the pod does not share its process namespace', () => {
    expect(pid1Refusal(out(ZERO, ZERO, '/pause --no-term-handler '), 'web-1', undefined, false)).to.match(
      /has no SIGTERM handler/,
    );
    expect(pid1Refusal(out('0000000000004000', ZERO, '/pause '), 'web-1', undefined, false)).to.equal(
      undefined,
    );
  });

  it('leaves a named process to its SIGKILL, and an unreadable status to the kill itself', () => {
    expect(pid1Refusal(out(ZERO, ZERO, 'sleep 1 '), 'web-1', 'mysqld')).to.equal(undefined);
    expect(pid1Refusal('no such file', 'web-1', undefined)).to.equal(undefined);
  });
});

describe('process kill: whether the kill command did nothing', () => {
  const r = (exitCode: number, stderr = '') => ({ exitCode, stdout: '', stderr });
  it('took effect: exit 0, no status (the exec went with the container), or the shell killed by a signal', () => {
    expect(killFailed(r(0), 'kill -TERM 1')).to.equal(undefined);
    expect(killFailed(undefined, 'kill -TERM 1')).to.equal(undefined);
    // Measured in the soak: `kill -TERM 1` exited 137 when the container's init exited and took the exec's shell with it.
    expect(killFailed(r(137), 'kill -TERM 1')).to.equal(undefined);
    expect(killFailed(r(143), 'kill -TERM 1')).to.equal(undefined);
  });

  it("did nothing: the kill command's own failure, with its first stderr line", () => {
    expect(
      killFailed(r(1, 'sh: pkill: not found\nkillall: x: no process killed\n'), 'pkill x || killall x'),
    ).to.equal('`pkill x || killall x` exited 1: sh: pkill: not found');
    expect(killFailed(r(1), 'kill -TERM 1')).to.equal('`kill -TERM 1` exited 1');
  });
});
