import type { Duration } from '../util/duration.ts';
import type { KubeletProcess, ProcFs } from './kubelet-finder.ts';
import type { Run } from './role-query.ts';

/**
 * The last resume layer, where the host's PID 1 is systemd: a transient timer in the host's own init
 * (`systemd-run --on-active`) that resumes the kubelet after the agent's deadline, whatever became of the
 * agent, its pod and sts-chaos. The timer's command checks first that the PID still names the process
 * that was frozen (its start time), as every other layer does; the agent stops the timer after a resume.
 */

/** The host's PID 1 (its comm): `systemd`, or what else runs there (`init`, `tini`, a shell…). */
export async function hostInit(fs: ProcFs): Promise<string> {
  return (await fs.readFile('/proc/1/comm').catch(() => '?')).trim() || '?';
}

/**
 * The shell command the timer runs: SIGCONT to the kubelet only when its PID still has the start time
 * it had when frozen (field 22 of its stat line, the 20th after the `) ` that ends the command name).
 * A PID reused by another process, or a kubelet restarted meanwhile, is left alone.
 */
export function resumeCommand(k: KubeletProcess): string {
  const start = k.startTime.replace(/\D/g, '');
  return `s=$(sed 's/.*) //' /proc/${k.pid}/stat 2>/dev/null | cut -d' ' -f20); [ "$s" = "${start}" ] && kill -CONT ${k.pid}; exit 0`;
}

/** The backstop, armed or not (and why). */
export type Backstop =
  | { readonly armed: true; readonly unit: string; readonly at: string }
  | { readonly armed: false; readonly why: string };

/** Runs a command in the host's namespaces (its mount namespace holds systemd-run and systemd's socket). */
const onHost = (run: Run, argv: readonly string[]) =>
  run('nsenter', ['-t', '1', '-m', '-u', '-i', '-n', '-p', '--', ...argv], 10_000);

/**
 * Arms the timer `after` from now when the host's PID 1 is systemd; otherwise says why not (the lab's
 * host has no systemd). A failure to arm is said, not fatal: the agent's other layers stand.
 */
export async function armSystemdBackstop(
  fs: ProcFs,
  run: Run,
  k: KubeletProcess,
  after: Duration,
  now: () => number = Date.now,
): Promise<Backstop> {
  const init = await hostInit(fs);
  if (init !== 'systemd') return { armed: false, why: `the host's PID 1 is ${init}, not systemd` };
  const unit = `sts-chaos-resume-${k.pid}-${now().toString(36)}`;
  const secs = Math.ceil(after.toSeconds());
  try {
    await onHost(run, [
      'systemd-run',
      `--unit=${unit}`,
      `--description=sts-chaos: resume kubelet PID ${k.pid} if it is still stopped`,
      `--on-active=${secs}s`,
      '--timer-property=AccuracySec=1s',
      '/bin/sh',
      '-c',
      resumeCommand(k),
    ]);
  } catch (e) {
    return { armed: false, why: `systemd-run failed: ${(e as Error).message.split('\n')[0]?.slice(0, 200)}` };
  }
  return { armed: true, unit: `${unit}.timer`, at: new Date(now() + secs * 1000).toISOString() };
}

/** Stops an armed timer after the resume (one that fired or is gone already is fine). */
export async function disarmSystemdBackstop(run: Run, b: Backstop): Promise<void> {
  if (!b.armed) return;
  await onHost(run, ['systemctl', 'stop', b.unit]).catch(() => undefined);
}
