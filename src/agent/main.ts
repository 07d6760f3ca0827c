/**
 * The node agent's program (issue 14): run on a node with the host's PID namespace (a privileged
 * hostPID pod, or root on the lab's host), it freezes that node's kubelet and always brings it back.
 *
 *   node src/agent/main.ts hold --node <name> --address <node IP> --port <kubelet port> --for <duration>
 *        [--lease <namespace/name> --holder <id> [--lease-period 20s]]
 *        [--witness <pod uid>=<container id>,… …] [--witness-after 30s]
 *   node src/agent/main.ts find --address <node IP> --port <kubelet port>
 *   node src/agent/main.ts resume --address <node IP> --port <kubelet port>
 *   node src/agent/main.ts kill --pod-uid <uid> --container-id <id> [--signal SIGKILL]
 *
 * `resume` is the ledger's revert, run by a fresh agent: it resumes the node's kubelet when it is
 * stopped (a dead agent's leftover) and does nothing otherwise.
 * One JSON line per event on stdout. Exit 0: the kubelet was frozen and resumed; 1: the hold was cut
 * short or the resume found the kubelet replaced or gone (said); 2: bad usage; 3: refused (the kubelet
 * could not be told for sure: nothing was touched). SIGTERM or SIGINT resume at once.
 */
import { Command, CommanderError } from 'commander';
import { KubeHttp } from '../kube/http.ts';
import { loadKubeConfig } from '../kube/kubeconfig.ts';
import { Duration } from '../util/duration.ts';
import { holdFrozen } from './hold.ts';
import { findKubelet } from './kubelet-finder.ts';
import { resumeKubelet } from './kubelet-signal.ts';
import { leaseReader } from './lease-reader.ts';
import { powerOff } from './power-off.ts';
import { hostProc } from './proc-fs.ts';
import { realRun } from './role-query.ts';
import { RunWatch } from './run-watch.ts';
import { armSystemdBackstop, disarmSystemdBackstop, hostInit } from './systemd-backstop.ts';
import { mainProcessOf, parseWatched, type WatchedPod } from './witness.ts';
import { witnessLoop } from './witness-loop.ts';

const line = (o: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), ...o })}\n`);

interface HoldOpts {
  node: string;
  address: string[];
  port: string;
  for: string;
  lease?: string;
  holder?: string;
  leasePeriod: string;
  witness?: string[];
  witnessAfter: string;
  powerOff?: boolean;
  until?: string;
  roleQuery?: string;
}

const usage = (m: string) => {
  process.stderr.write(`sts-chaos agent: ${m}\n`);
  return 2;
};

function durationOf(flag: string, text: string): Duration | string {
  try {
    return Duration.parse(text);
  } catch (e) {
    return `${flag}: ${(e as Error).message}`;
  }
}

/** The dead-man's switch over the run's Lease, read once now: armed before the freeze, or refused. */
async function armRunWatch(
  opts: HoldOpts,
  node: string,
  period: Duration,
): Promise<RunWatch | string | undefined> {
  if (!opts.lease) return undefined;
  if (!opts.holder) return '--lease needs --holder';
  const read = leaseReader(new KubeHttp(loadKubeConfig(), { retries: 1, retryDeadlineMs: 2000 }), opts.lease);
  const first = await read().catch((e: Error) => e);
  if (first instanceof Error)
    return `the run's Lease ${opts.lease} cannot be read (${first.message}): the dead-man's switch cannot be armed`;
  const w = new RunWatch({ read, lease: opts.lease, holder: opts.holder, node, period });
  const now = await w.check();
  return now ? `the run's Lease ${opts.lease}: ${now.why}` : w;
}

async function hold(opts: HoldOpts): Promise<number> {
  const port = Number(opts.port);
  let hold = durationOf('--for', opts.for);
  // The run's own deadline, absolute (the agent may start late: an image pull): the earlier one counts.
  const until = opts.until === undefined ? Number.NaN : Date.parse(opts.until);
  if (opts.until !== undefined && Number.isNaN(until)) return usage(`--until: not a time: ${opts.until}`);
  if (hold instanceof Duration && !Number.isNaN(until))
    hold = Duration.millis(Math.max(0, Math.min(hold.toMilliseconds(), until - Date.now())));
  const period = durationOf('--lease-period', opts.leasePeriod);
  const after = durationOf('--witness-after', opts.witnessAfter);
  for (const d of [hold, period, after]) if (typeof d === 'string') return usage(d);
  if (!(hold instanceof Duration && period instanceof Duration && after instanceof Duration)) return 2;
  const watched: WatchedPod[] = [];
  for (const w of opts.witness ?? []) {
    const p = parseWatched(w);
    if (!p) return usage(`--witness: not <pod uid>=<container id>,…: ${w}`);
    watched.push(p);
  }
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    process.stderr.write(`sts-chaos agent: --port: not a port: ${opts.port}\n`);
    return 2;
  }
  const kubelet = await findKubelet(hostProc, { port, addresses: opts.address });
  if (typeof kubelet === 'string') {
    process.stderr.write(`sts-chaos agent: refused: ${kubelet}\n`);
    return 3;
  }
  line({ event: 'found', pid: kubelet.pid, startTime: kubelet.startTime, cmdline: kubelet.cmdline });
  const run = await armRunWatch(opts, opts.node, period).catch((e: Error) => e.message);
  if (typeof run === 'string') {
    process.stderr.write(`sts-chaos agent: refused: ${run}\n`);
    return 3;
  }
  if (run) line({ event: 'armed', layer: 'dead-man', lease: opts.lease, period: String(period) });
  const stop = new AbortController();
  for (const sig of ['SIGTERM', 'SIGINT'] as const)
    process.on(sig, () => {
      line({ event: 'stop-requested', signal: sig });
      stop.abort();
    });
  let roleQuery: string[] | undefined;
  if (opts.roleQuery !== undefined) {
    const argv = (() => {
      try {
        return JSON.parse(opts.roleQuery) as unknown;
      } catch {
        return undefined;
      }
    })();
    if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === 'string'))
      return usage(`--role-query: not a JSON list of strings: ${opts.roleQuery}`);
    roleQuery = argv;
  }
  if (opts.powerOff && watched.length === 0) return usage('--power-off needs the pods to kill (--witness)');
  // The last layer, in the host's init: it fires a minute after the deadline if nothing else resumed.
  const backstop = await armSystemdBackstop(
    hostProc,
    realRun,
    kubelet,
    Duration.millis(hold.toMilliseconds() + 60_000),
  );
  line(
    backstop.armed
      ? { event: 'armed', layer: 'systemd', unit: backstop.unit, fires: backstop.at }
      : { event: 'not-armed', layer: 'systemd', why: backstop.why },
  );
  const lost = witnessLoop(hostProc, watched, 'lost', line, undefined, roleQuery);
  const r = await holdFrozen({
    fs: hostProc,
    kill: (pid, sig) => process.kill(pid, sig),
    kubelet,
    hold,
    signal: stop.signal,
    report: line,
    ...(run ? { checkRun: () => run.check() } : {}),
    ...(opts.powerOff ? { afterFreeze: () => powerOff(watched, line) } : {}),
  })
    .catch((e: Error) => {
      // The kubelet was resumed already (holdFrozen's finally): say why, and end without a hold.
      process.stderr.write(`sts-chaos agent: ${e.message}\n`);
      return undefined;
    })
    .finally(async () => {
      lost.stop();
      await disarmSystemdBackstop(realRun, backstop);
    });
  if (!r) return 1;
  // Back: the kubelet stops what it must of the old containers; watched until none runs, or for a while.
  if (watched.length && !stop.signal.aborted)
    await witnessLoop(hostProc, watched, 'back', line).until(after, stop.signal);
  return r.resume === 'resumed' && r.ended !== 'cut-short' ? 0 : 1;
}

/** What a hold would freeze, touching nothing: the kubelet's PID, start time, command line; the host's init. */
async function find(opts: { address: string[]; port: string }): Promise<number> {
  const kubelet = await findKubelet(hostProc, { port: Number(opts.port), addresses: opts.address });
  if (typeof kubelet === 'string') {
    process.stderr.write(`sts-chaos agent: refused: ${kubelet}\n`);
    return 3;
  }
  line({
    event: 'found',
    pid: kubelet.pid,
    startTime: kubelet.startTime,
    cmdline: kubelet.cmdline,
    init: await hostInit(hostProc),
  });
  return 0;
}

async function resume(opts: { address: string[]; port: string }): Promise<number> {
  const kubelet = await findKubelet(hostProc, { port: Number(opts.port), addresses: opts.address });
  if (typeof kubelet === 'string') {
    process.stderr.write(`sts-chaos agent: refused: ${kubelet}\n`);
    return 3;
  }
  const outcome = await resumeKubelet(hostProc, kubelet, (pid, sig) => process.kill(pid, sig));
  line({ event: 'resume', pid: kubelet.pid, resume: outcome });
  return 0;
}

/** Signals a container's main process from the host's PID namespace (as the OOM killer would). */
async function kill(opts: { podUid: string; containerId: string; signal: string }): Promise<number> {
  if (!['SIGKILL', 'SIGTERM'].includes(opts.signal))
    return usage(`--signal: SIGKILL or SIGTERM, not ${opts.signal}`);
  const pod = { uid: opts.podUid, containerIds: [] };
  const pid = await mainProcessOf(hostProc, pod, opts.containerId);
  if (pid === undefined) {
    process.stderr.write(
      `sts-chaos agent: no process of container ${opts.containerId} (pod ${opts.podUid}) runs on this node\n`,
    );
    return 1;
  }
  process.kill(pid, opts.signal as NodeJS.Signals);
  line({ event: 'killed', pid, signal: opts.signal, container: opts.containerId.slice(0, 12) });
  return 0;
}

const program = new Command('sts-chaos-agent').exitOverride().showSuggestionAfterError(true);
let code = 0;
program
  .command('hold')
  .description("freeze this node's kubelet (SIGSTOP) for a while, then resume it (SIGCONT)")
  .requiredOption('--node <name>', "the node's name (the run's resume request names it)")
  .requiredOption('--address <ip...>', "the node's addresses (Node.status.addresses, InternalIP)")
  .requiredOption('--port <port>', 'the kubelet port (Node.status.daemonEndpoints.kubeletEndpoint.Port)')
  .requiredOption('--for <duration>', 'the longest the kubelet stays frozen, e.g. 90s')
  .option('--lease <namespace/name>', "the run's Lease: the dead-man's switch, and the run's resume request")
  .option('--holder <id>', "the run's holder identity in that Lease")
  .option('--lease-period <duration>', 'how often the run renews its Lease', '20s')
  .option('--witness <uid=ids...>', "a target pod to witness: its UID and workload containers' IDs")
  .option(
    '--witness-after <duration>',
    'after the resume, how long the witness waits for them to stop',
    '30s',
  )
  .option(
    '--until <time>',
    "the latest the kubelet stays frozen, as a time (the run's deadline); the earlier of it and --for counts",
  )
  .option(
    '--role-query <json>',
    "SB-4: the role query (a JSON list), run inside each witnessed pod's container while the node is lost",
  )
  .option('--power-off', "once the kubelet is frozen, SIGKILL the witnessed pods' containers (a power loss)")
  .action(async (opts) => {
    code = await hold(opts);
  });
program
  .command('find')
  .description("find this node's kubelet and say what a hold would freeze; nothing is touched")
  .requiredOption('--address <ip...>', "the node's addresses")
  .requiredOption('--port <port>', 'the kubelet port')
  .action(async (opts) => {
    code = await find(opts);
  });
program
  .command('resume')
  .description("resume this node's kubelet if it is stopped (what a dead agent left); nothing otherwise")
  .requiredOption('--address <ip...>', "the node's addresses")
  .requiredOption('--port <port>', 'the kubelet port')
  .action(async (opts) => {
    code = await resume(opts);
  });
program
  .command('kill')
  .description(
    "signal a container's main process from the node (a container whose PID 1 ignores signals from inside)",
  )
  .requiredOption('--pod-uid <uid>', "the pod's UID")
  .requiredOption('--container-id <id>', "the container's ID (its status' containerID)")
  .option('--signal <name>', 'SIGKILL or SIGTERM', 'SIGKILL')
  .action(async (opts) => {
    code = await kill(opts);
  });
try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (!(e instanceof CommanderError)) throw e;
  code = e.exitCode === 0 ? 0 : 2;
}
process.exit(code);
