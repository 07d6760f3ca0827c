import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Duration } from '../util/duration.ts';
import type { FaultEnv } from './types.ts';

const run = promisify(execFile);

/** One container a node's runtime runs, as the node itself reports it (not the API). */
export interface NodeContainer {
  readonly podUid: string;
  /** `<namespace>/<pod>`. */
  readonly pod: string;
  /** The container's name; `sandbox` for the pod's sandbox (not the workload). */
  readonly container: string;
}

/** Reads `<pod-uid> <namespace>/<pod> <container>` lines (the lab's `node-containers`). */
export function parseNodeContainers(out: string): NodeContainer[] {
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length === 3 && f[0] !== '')
    .map(([podUid, pod, container]) => ({ podUid, pod, container }) as NodeContainer);
}

/** The command that lists what `node`'s runtime runs, where the node-loss mode has one (the lab's). */
export function containersCommand(env: FaultEnv, node: string): string | undefined {
  const nl = env.config.nodeLoss;
  if (nl.mode === 'lab') return `bash ${nl.labScript ?? 'lab/lab.sh'} node-containers ${node}`;
  return undefined;
}

/**
 * Asks the lost node's own runtime which of the target's pods still run a workload container (the
 * sandbox does not count) and records it as a `node-containers` observation (SB-2: were the old
 * containers left running; SB-3: are they gone once the node is back). Returns those pod UIDs, or
 * undefined when the node cannot be asked (no command for this mode, or it failed: logged).
 */
export async function observeNodeContainers(
  env: FaultEnv,
  node: string,
  phase: 'lost' | 'back',
): Promise<string[] | undefined> {
  const cmd = containersCommand(env, node);
  if (!cmd) return undefined;
  const out = await run('sh', ['-c', cmd], { timeout: Duration.seconds(30).toMilliseconds() }).catch(
    (e: Error) => {
      env.log.warn({ node }, `could not list the containers of ${node}: ${e.message}`);
      return undefined;
    },
  );
  if (!out) return undefined;
  const ours = parseNodeContainers(out.stdout).filter(
    (c) => c.container !== 'sandbox' && c.pod.startsWith(`${env.target.namespace}/`),
  );
  const podUids = [...new Set(ours.map((c) => c.podUid))];
  markNodeContainers(env, node, { phase, podUids, containers: ours.map((c) => `${c.pod}/${c.container}`) });
  return podUids;
}

/**
 * Records one look at what the node itself runs of the target's pods (SB-2, SB-3 read them); a look made
 * earlier than it is recorded (the node agent's) carries its own time, `observedAt`.
 */
export function markNodeContainers(
  env: FaultEnv,
  node: string,
  look: {
    readonly phase: 'lost' | 'back';
    readonly podUids: readonly string[];
    readonly containers: readonly string[];
    readonly observedAt?: number;
    readonly source?: string;
  },
): void {
  env.recorder.store.mark({
    mark: 'note',
    fault: 'node-loss',
    node,
    details: {
      observation: 'node-containers',
      ...look,
      podUids: [...look.podUids],
      containers: [...look.containers],
    },
  });
}
