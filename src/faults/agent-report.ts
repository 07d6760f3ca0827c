import { markNodeContainers } from './node-containers.ts';
import type { FaultEnv } from './types.ts';

/** One line of the node agent's log (src/agent/main.ts): a JSON object with its time and event. */
export interface AgentLine {
  readonly at: string;
  readonly event: string;
  readonly [key: string]: unknown;
}

/** The agent's JSON lines; anything else in the log is left out. */
export function parseAgentLog(text: string): AgentLine[] {
  const out: AgentLine[] = [];
  for (const l of text.split('\n')) {
    if (!l.startsWith('{')) continue;
    try {
      const o = JSON.parse(l) as Partial<AgentLine>;
      if (typeof o.at === 'string' && typeof o.event === 'string') out.push(o as AgentLine);
    } catch {
      // not one of its lines
    }
  }
  return out;
}

/** What the agent's log says of its hold. */
export interface AgentSummary {
  readonly pid?: number;
  readonly frozenAt?: number;
  /** Why the hold ended: deadline, requested, dead-man, signal or cut-short. */
  readonly ended?: string;
  /** What the resume found: resumed, not-stopped, replaced, gone. */
  readonly resume?: string;
  readonly resumedAt?: number;
  readonly frozenMs?: number;
  /** Why the run's watch ended it (dead-man, requested), or how it was cut short. */
  readonly why?: string;
  readonly witnessed: number;
  /** The last resume layer: the systemd timer armed, or why there is none. */
  readonly backstop?: string;
}

interface Seen {
  readonly uid: string;
  readonly containers: readonly string[];
}

/**
 * Records the agent's witness looks as `node-containers` observations at the time the agent made them
 * (SB-2: the old containers still ran while the node was lost; SB-3: they stopped once it was back),
 * the container IDs named as `<namespace>/<pod>/<container>`; returns what the log says of the hold.
 */
export function recordAgentReport(
  env: FaultEnv,
  node: string,
  lines: readonly AgentLine[],
  names: ReadonlyMap<string, string>,
  /** The witnessed pods' names by UID (their role answers become SB-4 samples). @default none */
  pods: ReadonlyMap<string, string> = new Map(),
): AgentSummary {
  let s: AgentSummary = { witnessed: 0 };
  for (const l of lines) {
    const at = Date.parse(l.at);
    if (l.event === 'found') s = { ...s, pid: Number(l.pid) };
    else if (l.event === 'frozen') s = { ...s, frozenAt: at };
    else if (l.layer === 'systemd')
      s = {
        ...s,
        backstop:
          l.event === 'armed'
            ? `timer ${String(l.unit)}, fires at ${String(l.fires)}`
            : `none (${String(l.why)})`,
      };
    else if (l.event === 'dead-man' || l.event === 'requested') s = { ...s, why: String(l.why) };
    else if (l.event === 'cut-short') s = { ...s, why: `the kubelet was ${String(l.state)}` };
    else if (l.event === 'resume' && s.frozenAt !== undefined && s.resumedAt === undefined)
      s = {
        ...s,
        ended: String(l.ended),
        resume: String(l.resume),
        resumedAt: at,
        frozenMs: Number(l.frozenMs),
      };
    else if (l.event === 'role' && typeof l.uid === 'string') {
      const pod = pods.get(l.uid);
      const ordinal = Number(/-(\d+)$/.exec(pod ?? '')?.[1]);
      if (pod && Number.isInteger(ordinal))
        env.recorder.store.sample({
          probe: 'role',
          ordinal,
          pod,
          uid: l.uid,
          ok: l.ok === true,
          value: String(l.value ?? ''),
          via: `node agent on ${node}`,
          observedAt: at,
        });
    } else if (l.event === 'witness' && Array.isArray(l.pods)) {
      const running = (l.pods as Seen[]).filter((p) => p.containers.length > 0);
      s = { ...s, witnessed: s.witnessed + 1 };
      markNodeContainers(env, node, {
        phase: l.phase === 'back' ? 'back' : 'lost',
        observedAt: at,
        source: 'node agent',
        podUids: running.map((p) => p.uid),
        containers: running.flatMap((p) => p.containers.map((c) => names.get(c) ?? c)),
      });
    }
  }
  return s;
}
