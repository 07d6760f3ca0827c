import type { RevertHandle } from '../engine/reverts.ts';
import { restarts } from '../engine/step/victim.ts';
import { podsByName } from '../engine/waits.ts';
import { type ContainerStatus, isReady, type KubeEvent, type Pod, type Probe } from '../kube/objects.ts';
import { WaitTimeoutError } from '../timeline/recorder.ts';
import { Duration } from '../util/duration.ts';
import { sleep } from '../util/sleep.ts';
import { hasShell } from './process-kill.ts';
import { type FaultEnv, FaultError, FaultSkipped, type Victim } from './types.ts';

/**
 * Breaking a probe of one pod, for probe breakage and for the ordering suite's halt step: freeze every
 * process of the target container (SIGSTOP; the probes then time out) or run the user's break command,
 * and prove the probe failed; the heal (SIGCONT or the heal command) is registered in the ledger first.
 */

export type ProbeKindName = 'readiness' | 'liveness';

const FREEZE = 'kill -STOP -1 2>/dev/null; kill -STOP 1';

/**
 * Counts the container's processes other than PID 1 and this shell itself (the loop and the glob are shell
 * builtins, so they start no process of their own).
 */
const OTHERS =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansions, not a template.
  'n=0; for s in /proc/[0-9]*/stat; do p=${s#/proc/}; p=${p%/stat}; [ "$p" = 1 ] || [ "$p" = $$ ] || n=$((n+1)); done; echo $n';

/** Whether PID 1 is the container's only process (then the freeze cannot stop anything). */
async function onlyInit(env: FaultEnv, victim: Victim): Promise<boolean> {
  try {
    const r = await env.exec.run(
      env.target.namespace,
      victim.pod,
      env.target.container,
      ['sh', '-c', OTHERS],
      Duration.seconds(15),
    );
    return r.exitCode === 0 && r.stdout.trim() === '0';
  } catch {
    return false;
  }
}

/**
 * How long to wait, when the victim's liveness probe failed recently (a freeze healed moments ago, by
 * this run or the one before), until the kubelet has probed it once more: its failure count resets only
 * on a success, and a new freeze on top of old failures would restart the container (at most one
 * period). Zero when no liveness failure is that recent.
 */
export function livenessSettleWait(
  events: readonly KubeEvent[],
  podUid: string,
  liveness: Probe | undefined,
  now = Date.now(),
): Duration {
  if (!liveness) return Duration.seconds(0);
  let last = 0;
  for (const e of events) {
    if (e.involvedObject?.uid !== podUid || e.reason !== 'Unhealthy') continue;
    if (!String(e.message ?? '').startsWith('Liveness')) continue;
    last = Math.max(
      last,
      Date.parse(e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? '') || 0,
    );
  }
  // Event times are in whole seconds: one more second of slack.
  const wait = last + (liveness.periodSeconds ?? 10) * 1000 + 2000 - now;
  return Duration.millis(Math.max(0, wait));
}

export async function livenessSettled(env: FaultEnv, victim: Victim): Promise<void> {
  const wait = livenessSettleWait(
    env.recorder.objects<KubeEvent>('Event'),
    victim.uid,
    probeOf(env, 'liveness'),
  );
  if (wait.toMilliseconds() <= 0) return;
  env.log.info(
    { pod: victim.pod },
    `waiting ${Math.ceil(wait.toSeconds())}s for a liveness probe to pass before the freeze`,
  );
  // SIGTERM ends the wait at once: nothing is frozen yet.
  await sleep(wait, env.signal);
}

/** The kubelet's next restart delay for the victim's container, when it restarted in the last 10 min. */
function crashBackOff(env: FaultEnv, victim: Victim): Duration {
  const p = podsByName(env.recorder).get(victim.pod);
  return crashBackOffOf((p?.status?.containerStatuses ?? []).find((x) => x.name === env.target.container));
}

/**
 * An upper bound of the kubelet's crash back-off for a container status: 10 s doubling per restart, at
 * most 5 min, none once the container has run for 10 min. (A bound: it only lengthens a deadline.)
 */
export function crashBackOffOf(status: ContainerStatus | undefined, now = Date.now()): Duration {
  const restarts = Number(status?.restartCount ?? 0);
  const started = Date.parse(status?.state?.running?.startedAt ?? '');
  if (!restarts || !(now - started < Duration.minutes(10).toMilliseconds())) return Duration.seconds(0);
  return Duration.seconds(Math.min(300, 10 * 2 ** Math.min(restarts, 5)));
}

export function probeOf(env: FaultEnv, probe: ProbeKindName): Probe | undefined {
  const c = (env.target.statefulSet.spec?.template?.spec?.containers ?? []).find(
    (x) => x.name === env.target.container,
  );
  return probe === 'readiness' ? c?.readinessProbe : c?.livenessProbe;
}

/** The longest a probe can take to fail: period × failureThreshold + timeout. */
export function failWindow(p: Probe): Duration {
  return Duration.seconds((p.periodSeconds ?? 10) * (p.failureThreshold ?? 3) + (p.timeoutSeconds ?? 1));
}

/** The shortest: the first check may fail at once, so (failureThreshold - 1) × period + timeout. */
export function failSoonest(p: Probe): Duration {
  return Duration.seconds(
    (p.periodSeconds ?? 10) * ((p.failureThreshold ?? 3) - 1) + (p.timeoutSeconds ?? 1),
  );
}

function podState(
  env: FaultEnv,
  victim: Victim,
): { ready: boolean; restarts: number; uid: string } | undefined {
  const p = env.recorder.objects<Pod>('Pod').find((x) => x.metadata?.name === victim.pod);
  if (!p) return undefined;
  return {
    uid: p.metadata.uid,
    ready: isReady(p),
    restarts: restarts(p, env.target.container),
  };
}

/** Why a freeze (or the break command) cannot show on this probe of this pod, or undefined when it can. */
export async function unbreakable(
  env: FaultEnv,
  victim: Victim,
  probe: ProbeKindName,
): Promise<string | undefined> {
  if (!probeOf(env, probe)) return `container ${env.target.container} has no ${probe} probe`;
  if (probe === 'readiness' && !env.config.probes.breakCommand) {
    const live = probeOf(env, 'liveness');
    const ready = probeOf(env, 'readiness');
    if (live && ready && failSoonest(live).toMilliseconds() <= failWindow(ready).toMilliseconds() + 2000)
      return `freezing the process would trip the liveness probe (can fail after ${failSoonest(live)}) before readiness shows it; give --probe-break-command`;
  }
  if (!(await hasShell(env, victim))) return `no shell to exec in ${victim.pod}/${env.target.container}`;
  if (!env.config.probes.breakCommand && (await onlyInit(env, victim)))
    return `${victim.pod}/${env.target.container} runs a single process as PID 1, and the kernel ignores a SIGSTOP sent to a PID namespace's init from inside it, so nothing would freeze: run the server under an init (tini, dumb-init, or a shell that does not exec it), or give --probe-break-command`;
  if (!env.config.probes.breakCommand && probeOf(env, probe)?.tcpSocket)
    return `the ${probe} probe of ${env.target.container} is a tcpSocket probe: the kernel completes the handshake on a frozen process's listening socket, so a freeze cannot fail it; give --probe-break-command (and --probe-heal-command)`;
  return undefined;
}

/** Registers the heal of `victim` in the ledger (before anything is broken): SIGCONT, or the heal command. */
export function registerHeal(env: FaultEnv, victim: Victim): Promise<RevertHandle> {
  const { namespace, container } = env.target;
  const custom = env.config.probes.breakCommand;
  return custom
    ? env.reverts.register(
        {
          kind: 'heal-command',
          namespace,
          pod: victim.pod,
          container,
          command: env.config.probes.healCommand ?? 'true',
        },
        `run the heal command in ${namespace}/${victim.pod}`,
      )
    : env.reverts.register(
        { kind: 'resume-processes', namespace, pod: victim.pod, uid: victim.uid, container },
        `SIGCONT the processes of ${namespace}/${victim.pod}/${container}`,
      );
}

/**
 * Breaks the probe and proves it: readiness, the pod became unready; liveness, the kubelet restarted the
 * container. A freeze the probe did not notice is FaultSkipped (a probe that does not talk to the frozen
 * process), a break command it did not notice is a FaultError.
 */
export async function breakAndProve(env: FaultEnv, victim: Victim, probe: ProbeKindName): Promise<void> {
  const { namespace, container } = env.target;
  const custom = env.config.probes.breakCommand;
  // (A liveness freeze wants the restart: old failures only bring it sooner.)
  if (!custom && probe === 'readiness') await livenessSettled(env, victim);
  const r = await env.exec.run(
    namespace,
    victim.pod,
    container,
    ['sh', '-c', custom ?? FREEZE],
    Duration.seconds(20),
  );
  if (r.exitCode !== 0)
    throw new Error(`break command in ${victim.pod} exited ${r.exitCode}: ${r.stderr.trim()}`);
  const p = probeOf(env, probe);
  if (!p) throw new Error(`${victim.pod}/${container} has no ${probe} probe`);
  // A container restarted recently is restarted again only after the kubelet's crash back-off
  // (10 s doubling per restart, at most 5 min, forgotten after 10 min of running).
  const window = failWindow(p).plus(Duration.seconds(15)).plus(crashBackOff(env, victim));
  const describe = () => JSON.stringify(podState(env, victim) ?? 'pod not seen');
  // The probe must really fail: a freeze that the probe does not notice broke nothing.
  const noEffect = (e: unknown) => {
    if (!(e instanceof WaitTimeoutError) || env.signal.aborted) throw e;
    const what = `the ${probe} probe of ${victim.pod} did not fail within ${window} of the ${custom ? 'break command' : 'freeze'} (${describe()})`;
    if (custom) throw new FaultError(`${what}: the break command did not break it`);
    throw new FaultSkipped(
      `${what}: a probe that does not talk to the frozen process (an exec probe that checks a file, say) cannot be broken by a freeze; give --probe-break-command`,
    );
  };
  if (probe === 'readiness')
    await env.recorder
      .waitFor(
        `${victim.pod} to become unready`,
        window,
        () => podState(env, victim)?.ready === false,
        describe,
        env.signal,
      )
      .catch(noEffect);
  else
    await env.recorder
      .waitFor(
        `${victim.pod} to be restarted by its liveness probe`,
        window,
        () => (podState(env, victim)?.restarts ?? 0) > victim.restartCount,
        describe,
        env.signal,
      )
      .catch(noEffect);
}

/** How long a broken readiness probe may stay broken: `probes.holdFor`, but healed well before liveness would restart the container. */
export function readinessHold(env: FaultEnv): Duration {
  const p = probeOf(env, 'readiness');
  const live = probeOf(env, 'liveness');
  const cap =
    live && p
      ? failSoonest(live).toMilliseconds() - failWindow(p).toMilliseconds() - 2000
      : Number.POSITIVE_INFINITY;
  return Duration.millis(Math.max(0, Math.min(env.config.probes.holdFor.toMilliseconds(), cap)));
}
