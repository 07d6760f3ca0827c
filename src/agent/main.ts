/**
 * The node agent's program (issue 14): run on a node with the host's PID namespace (a privileged
 * hostPID pod, or root on the lab's host), it freezes that node's kubelet and always brings it back.
 *
 *   node src/agent/main.ts hold --address <node IP> --port <kubelet port> --for <duration>
 *   node src/agent/main.ts resume --address <node IP> --port <kubelet port>
 *
 * `resume` is the ledger's revert, run by a fresh agent: it resumes the node's kubelet when it is
 * stopped (a dead agent's leftover) and does nothing otherwise.
 * One JSON line per event on stdout. Exit 0: the kubelet was frozen and resumed; 1: the hold was cut
 * short or the resume found the kubelet replaced or gone (said); 2: bad usage; 3: refused (the kubelet
 * could not be told for sure: nothing was touched). SIGTERM or SIGINT resume at once.
 */
import { Command, CommanderError } from 'commander';
import { Duration } from '../util/duration.ts';
import { holdFrozen } from './hold.ts';
import { findKubelet } from './kubelet-finder.ts';
import { resumeKubelet } from './kubelet-signal.ts';
import { hostProc } from './proc-fs.ts';

const line = (o: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), ...o })}\n`);

async function hold(opts: { address: string[]; port: string; for: string }): Promise<number> {
  const port = Number(opts.port);
  let hold: Duration;
  try {
    hold = Duration.parse(opts.for);
  } catch (e) {
    process.stderr.write(`sts-chaos agent: --for: ${(e as Error).message}\n`);
    return 2;
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
  const stop = new AbortController();
  for (const sig of ['SIGTERM', 'SIGINT'] as const)
    process.on(sig, () => {
      line({ event: 'stop-requested', signal: sig });
      stop.abort();
    });
  const r = await holdFrozen({
    fs: hostProc,
    kill: (pid, sig) => process.kill(pid, sig),
    kubelet,
    hold,
    signal: stop.signal,
    report: line,
  });
  return r.resume === 'resumed' && r.ended !== 'cut-short' ? 0 : 1;
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

const program = new Command('sts-chaos-agent').exitOverride().showSuggestionAfterError(true);
let code = 0;
program
  .command('hold')
  .description("freeze this node's kubelet (SIGSTOP) for a while, then resume it (SIGCONT)")
  .requiredOption('--address <ip...>', "the node's addresses (Node.status.addresses, InternalIP)")
  .requiredOption('--port <port>', 'the kubelet port (Node.status.daemonEndpoints.kubeletEndpoint.Port)')
  .requiredOption('--for <duration>', 'the longest the kubelet stays frozen, e.g. 90s')
  .action(async (opts) => {
    code = await hold(opts);
  });
program
  .command('resume')
  .description("resume this node's kubelet if it is stopped (what a dead agent left); nothing otherwise")
  .requiredOption('--address <ip...>', "the node's addresses")
  .requiredOption('--port <port>', 'the kubelet port')
  .action(async (opts) => {
    code = await resume(opts);
  });
try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (!(e instanceof CommanderError)) throw e;
  code = e.exitCode === 0 ? 0 : 2;
}
process.exit(code);
