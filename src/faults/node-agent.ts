import { randomUUID } from 'node:crypto';
import { AGENT_LABEL, agentPod } from '../agent/pod.ts';
import { ApiError } from '../kube/http.ts';
import type { Node, Pod } from '../kube/objects.ts';
import { ResumableWatch } from '../kube/watch.ts';
import { Duration } from '../util/duration.ts';
import type { FaultEnv } from './types.ts';

/** After the resume, how long the agent watches for the old containers to stop (SB-3's grace and more). */
export const WITNESS_AFTER = Duration.seconds(125);

/** Where a node's kubelet listens, from its Node object: InternalIPs (else any address) and the port. */
export function kubeletEndpointOf(node: Node): { addresses: string[]; port: number } {
  const all = node.status?.addresses ?? [];
  const internal = all.filter((a) => a.type === 'InternalIP').map((a) => a.address);
  return {
    addresses: internal.length ? internal : all.map((a) => a.address),
    port: node.status?.daemonEndpoints?.kubeletEndpoint?.Port ?? 10250,
  };
}

/**
 * The target's pods on `node` as the agent's `--witness` values (`container`, the one the role query runs
 * in, first), their container IDs by name, and their names by UID.
 */
export function witnessedPods(
  pods: readonly Pod[],
  node: string,
  container?: string,
): { args: string[]; names: Map<string, string>; pods: Map<string, string> } {
  const args: string[] = [];
  const names = new Map<string, string>();
  const byUid = new Map<string, string>();
  for (const p of pods) {
    if (p.spec?.nodeName !== node || p.metadata.deletionTimestamp) continue;
    const ids: string[] = [];
    // Native sidecars (init containers that keep running) are copies of the pod as much as the rest.
    const all = [...(p.status?.containerStatuses ?? []), ...(p.status?.initContainerStatuses ?? [])];
    const statuses = all.sort((a, b) => Number(b.name === container) - Number(a.name === container));
    for (const c of statuses) {
      const id = c.containerID?.replace(/^[a-z-]+:\/\//, '');
      if (!id) continue;
      ids.push(id);
      names.set(id.slice(0, 12), `${p.metadata.namespace}/${p.metadata.name}/${c.name}`);
    }
    if (ids.length) args.push(`${p.metadata.uid}=${ids.join(',')}`);
    byUid.set(p.metadata.uid, p.metadata.name);
  }
  return { args, names, pods: byUid };
}

/** The agent's pod as it was last seen: its phase, and why it ended when it did. */
export interface AgentSeen {
  readonly phase?: string;
  readonly exitCode?: number;
  readonly message?: string;
}

/** What an agent pod needs of the run: the API, a log, the configuration, the target's namespace. */
export type AgentEnv = Pick<FaultEnv, 'http' | 'log' | 'config'> & {
  readonly target: Pick<FaultEnv['target'], 'namespace'>;
};

/**
 * What an ended agent said last: its last line that is not one of its JSON event lines (the error it
 * ended with: its stdout and stderr reach the log in no fixed order), else its last line.
 */
export function lastWords(message: string): string {
  const lines = message.trim().split('\n');
  return lines.filter((l) => !l.startsWith('{')).at(-1) ?? lines.at(-1) ?? '';
}

/** An agent pod started on a node: watched, its log read once it ended, removed. */
export class AgentPod {
  readonly name: string;
  readonly namespace: string;
  readonly node: string;
  /** When the agent resumes the kubelet whatever happens. */
  readonly deadline: number;
  #seen: AgentSeen = {};
  #watch: ResumableWatch<Pod> | undefined;
  readonly #listeners = new Set<() => void>();
  readonly #env: AgentEnv;

  constructor(env: AgentEnv, node: string, hold: Duration) {
    this.#env = env;
    this.node = node;
    this.namespace = env.config.nodeLoss.agentNamespace ?? env.target.namespace;
    this.name = `sts-chaos-agent-${randomUUID().slice(0, 8)}`;
    this.deadline = Date.now() + hold.toMilliseconds();
  }

  get seen(): AgentSeen {
    return this.#seen;
  }

  /** Whether the agent's container has ended (and so never froze, or already resumed, the kubelet). */
  get ended(): boolean {
    return this.#seen.phase === 'Succeeded' || this.#seen.phase === 'Failed';
  }

  describe(): string {
    const s = this.#seen;
    return `agent ${this.namespace}/${this.name} ${s.phase ?? 'not seen'}${s.exitCode === undefined ? '' : ` (exit ${s.exitCode}${s.message ? `: ${lastWords(s.message)}` : ''})`}`;
  }

  /** Calls `fn` on every change of the agent pod (the recorder's waits are told through it). */
  onChange(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** Creates the hold's pod (pinned to the node, its deadline `hold` from now) and watches it. */
  async start(env: FaultEnv, node: Node, hold: Duration): Promise<void> {
    const nl = env.config.nodeLoss;
    const { addresses, port } = kubeletEndpointOf(node);
    const witness = witnessedPods(env.recorder.objects<Pod>('Pod'), this.node, env.target.container);
    const lease = env.lease;
    const body = agentPod({
      name: this.name,
      namespace: this.namespace,
      node: this.node,
      image: nl.agentImage ?? '',
      addresses,
      port,
      holdSeconds: Math.ceil(hold.toSeconds()),
      runId: lease?.holder ?? 'sts-chaos',
      witness: witness.args,
      witnessAfterSeconds: WITNESS_AFTER.toSeconds(),
      powerOff: nl.kind === 'power-off',
      until: new Date(this.deadline).toISOString(),
      ...(env.config.roleQuery ? { roleQuery: env.config.roleQuery.command } : {}),
      ...(lease && nl.agentServiceAccount
        ? {
            serviceAccount: nl.agentServiceAccount,
            lease: { ref: lease.lease, holder: lease.holder, periodSeconds: lease.period.toSeconds() },
          }
        : {}),
    });
    await this.create(body);
    env.log.info(
      { node: this.node, agent: `${this.namespace}/${this.name}` },
      `node agent ${this.namespace}/${this.name} on ${this.node}: freeze the kubelet at ${addresses.join(',')}:${port}, resume by ${new Date(this.deadline).toISOString()} at the latest${lease && nl.agentServiceAccount ? ", earlier at the run's request or when its Lease is not renewed for two periods" : ''}; witnessing ${witness.args.length} pod(s)`,
    );
  }

  /** Watches the pod (from before it exists), then creates it from `body`. */
  async create(body: Record<string, unknown>): Promise<void> {
    const env = this.#env;
    this.#watch = new ResumableWatch<Pod>(env.http, {
      path: `/api/v1/namespaces/${this.namespace}/pods`,
      fieldSelector: `metadata.name=${this.name}`,
      log: env.log,
      onEvent: (ev) => {
        const st = ev.object.status?.containerStatuses?.[0]?.state?.terminated;
        this.#seen = {
          phase: ev.type === 'DELETED' ? 'Deleted' : ev.object.status?.phase,
          ...(st ? { exitCode: st.exitCode, message: st.message } : {}),
        };
        for (const l of this.#listeners) l();
      },
    });
    await this.#watch.start();
    await env.http
      .request('create', `/api/v1/namespaces/${this.namespace}/pods`, { body })
      .catch(async (e) => {
        await this.stopWatch();
        throw e;
      });
  }

  /** Stops watching the pod (it stays). */
  async stopWatch(): Promise<void> {
    await this.#watch?.stop();
    this.#watch = undefined;
  }

  /** Resolves once the agent's container has ended; rejects after `within`, saying what it last saw. */
  waitEnded(within: Duration): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.ended) return resolve();
      const t = setTimeout(() => {
        off();
        reject(
          new Error(
            `timed out after ${within} waiting for ${this.namespace}/${this.name} to end; last saw: ${this.describe()}`,
          ),
        );
      }, within.toMilliseconds());
      const off = this.onChange(() => {
        if (!this.ended) return;
        clearTimeout(t);
        off();
        resolve();
      });
    });
  }

  /** The agent's log (its JSON lines); empty when it cannot be read. */
  async log(): Promise<string> {
    return this.#env.http
      .request<string>('get', `/api/v1/namespaces/${this.namespace}/pods/${this.name}/log`, { text: true })
      .catch((e: Error) => {
        this.#env.log.warn({ agent: this.name }, `could not read the node agent's log: ${e.message}`);
        return '';
      });
  }

  /** Stops watching and deletes the pod (gone already is fine). */
  async remove(): Promise<void> {
    await this.stopWatch();
    await removeAgentPod(this.#env.http, this.namespace, this.name);
  }
}

/** Deletes an agent pod; a missing one is fine. */
export async function removeAgentPod(http: AgentEnv['http'], namespace: string, name: string): Promise<void> {
  await http
    .request('delete', `/api/v1/namespaces/${namespace}/pods/${name}`, { query: { gracePeriodSeconds: 0 } })
    .catch((e) => {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
    });
}

export { AGENT_LABEL };
