import { type Logger, pino } from 'pino';
import type { RunConfig } from '../config/types.ts';
import { UsageError } from '../errors.ts';
import type { PodExec } from '../kube/exec.ts';
import type { KubeHttp } from '../kube/http.ts';
import { ApiError } from '../kube/http.ts';
import { isReady, type List, type Node, type Pod, type Service } from '../kube/objects.ts';
import { Duration } from '../util/duration.ts';
import { shellQuote } from '../util/shell.ts';
import { allowed, EVENTS_NEED, missingAccess } from './access.ts';
import { agentPreflight } from './agent-preflight.ts';
import { type EventsAccess, eventsAccess, eventsLine } from './events/plan.ts';
import { pinnedVolumesLine } from './pinned-volumes.ts';
import { chooseVictim } from './step/victim.ts';
import type { Target } from './target.ts';
import { ordinals, podName } from './target.ts';

export interface Preflight {
  /** Readable lines: what the target is, what it allows, the risks. */
  readonly lines: string[];
  /** Why a run must not start (exit 3), or undefined. */
  readonly refusal?: string;
  /** Whether a command could be run in the target's pods (the VOL-3 markers, process kill, probe freeze need it). */
  readonly exec: boolean;
  /** Whether the fault windows' Events are on, and may be created (never a refusal). */
  readonly events: EventsAccess;
}

/** Inspects the target without touching it: health, what it allows, what RBAC lacks. */
export async function preflight(
  http: KubeHttp,
  exec: PodExec,
  t: Target,
  cfg: RunConfig,
  /** The run's log (the node agent's look at the victim's kubelet is watched with it). @default silent */
  log?: Logger,
): Promise<Preflight> {
  const lines: string[] = [];
  const sts = t.statefulSet;
  const st = sts.status ?? {};
  lines.push(
    `target: statefulset ${t.namespace}/${t.name}, ${t.replicas} replicas (ordinals ${t.ordinalsStart}..${t.ordinalsStart + t.replicas - 1}), ${t.podManagementPolicy}, update strategy ${sts.spec?.updateStrategy?.type ?? 'RollingUpdate'}`,
  );
  let refusal: string | undefined;
  if (sts.metadata?.deletionTimestamp)
    refusal = `statefulset ${t.namespace}/${t.name} is being deleted (since ${sts.metadata.deletionTimestamp})`;
  else if ((st.observedGeneration ?? 0) < (sts.metadata?.generation ?? 0))
    refusal = `statefulset ${t.namespace}/${t.name} has not observed its latest spec (observedGeneration ${st.observedGeneration} < generation ${sts.metadata?.generation})`;
  else if ((st.readyReplicas ?? 0) < t.replicas)
    refusal = `statefulset ${t.namespace}/${t.name} is not healthy: ${st.readyReplicas ?? 0}/${t.replicas} replicas Ready`;
  else if (midUpdate(sts)) refusal = `statefulset ${t.namespace}/${t.name} is mid-update (${midUpdate(sts)})`;
  lines.push(
    `health: ${st.readyReplicas ?? 0}/${t.replicas} Ready, revision ${st.currentRevision ?? '?'}${refusal ? `  -> REFUSED: ${refusal}` : ''}`,
  );

  // The governing Service: its absence is a failed ID-2 after the run, not a refusal.
  try {
    const svc = await http.request<Service>(
      'get',
      `/api/v1/namespaces/${t.namespace}/services/${t.serviceName}`,
    );
    lines.push(
      `service: ${t.serviceName} ${svc.spec?.clusterIP === 'None' ? 'is headless' : `is NOT headless (clusterIP ${svc.spec?.clusterIP}): ID-2 will fail`}`,
    );
  } catch (e) {
    if (e instanceof ApiError && e.status === 404)
      lines.push(`service: ${t.serviceName || '(none)'} does not exist: ID-2 and ID-3 will fail`);
    else throw e;
  }
  lines.push(
    t.claimTemplates.length
      ? `volumes: claim templates ${t.claimTemplates.join(', ')} mounted at ${
          Object.entries(t.claimMounts)
            .map(([k, v]) => `${k}:${v}`)
            .join(', ') || '(not mounted in the container)'
        }`
      : 'volumes: no volumeClaimTemplates: VOL-* will be skipped',
  );
  for (const p of cfg.dataPaths) {
    const onClaim = Object.values(t.claimMounts).some(
      (m) => p === m || p.startsWith(`${m.replace(/\/$/, '')}/`),
    );
    lines.push(
      `data path ${p}: ${onClaim ? 'on a claim' : 'NOT on a claim: VOL-3 will fail if its data does not survive'}`,
    );
  }
  lines.push(`container: ${t.container}${t.containerWhy ? ` (${t.containerWhy})` : ''}`);
  if (t.podManagementPolicy === 'Parallel')
    lines.push('ordering: Parallel: ORD-1, ORD-2 and ORD-4 will be skipped');

  // Pods, nodes, exec.
  const pods = await http.request<List<Pod>>('list', `/api/v1/namespaces/${t.namespace}/pods`, {
    query: { labelSelector: t.selector },
  });
  const byNode = new Map<string, string[]>();
  for (const i of ordinals(t)) {
    const p = pods.items.find((x) => x.metadata?.name === podName(t, i));
    const n = p?.spec?.nodeName ?? '?';
    byNode.set(n, [...(byNode.get(n) ?? []), podName(t, i)]);
    if (!p || !isReady(p)) refusal ??= `${podName(t, i)} is not Ready`;
  }
  lines.push(`placement: ${[...byNode].map(([n, ps]) => `${n}: ${ps.join(', ')}`).join('; ')}`);
  let nodes: List<Node> | undefined;
  try {
    nodes = await http.request<List<Node>>('list', '/api/v1/nodes');
    const schedulable = nodes.items.filter((n) => !n.spec?.unschedulable && isReady(n));
    lines.push(
      `nodes: ${schedulable.length} schedulable of ${nodes.items.length}${schedulable.length < 2 ? ': node faults will be skipped' : ''}`,
    );
  } catch (e) {
    if (e instanceof ApiError && e.status === 403)
      lines.push('nodes: cannot list nodes (RBAC): node faults will be skipped');
    else throw e;
  }
  const pinned = await pinnedVolumesLine(http, t, cfg.faults);
  if (pinned) lines.push(pinned);
  const first = podName(t, t.ordinalsStart + t.replicas - 1);
  let execWorks = false;
  try {
    const r = await exec.run(t.namespace, first, t.container, ['sh', '-c', 'true'], Duration.seconds(15));
    execWorks = r.exitCode === 0;
    lines.push(
      `exec: ${r.exitCode === 0 ? 'works' : `fails (exit ${r.exitCode})`} in ${first}/${t.container}`,
    );
  } catch (e) {
    lines.push(
      `exec: not possible in ${first}/${t.container} (${(e as Error).message.split('\n')[0]}): process kill, probe freeze and VOL-3 markers will be skipped`,
    );
  }
  if (execWorks) await checkDataPaths(exec, t, first, cfg.dataPaths);
  const missing = await missingAccess(http, t.namespace, t.name, cfg.faults);
  lines.push(
    missing.length
      ? `rbac: missing ${missing.join('; ')}`
      : 'rbac: every permission the faults need is allowed',
  );
  // Optional: a run without it goes on, its fault windows only in its own reports.
  const events = eventsAccess(
    cfg.events,
    cfg.events ? await allowed(http, t.namespace, t.name, EVENTS_NEED) : undefined,
  );
  lines.push(eventsLine(events, t.namespace, t.name));
  lines.push(`node loss: ${nodeLossLine(cfg.nodeLoss)}`);
  if (cfg.nodeLoss.mode === 'agent' && cfg.faults.includes('node-loss')) {
    // The node a node loss would take now (the step chooses again when it runs).
    const victim = chooseVictim(
      new Map(pods.items.map((p) => [p.metadata.name, p])),
      t,
      cfg,
      'node',
      process.env.STS_CHAOS_NODE_NAME,
    );
    const byName = (name?: string) => nodes?.items.find((n) => n.metadata?.name === name);
    const node = typeof victim === 'string' ? undefined : byName(victim.node);
    if (typeof victim === 'string') lines.push(`node agent: no node a node loss may take now (${victim})`);
    const agent = await agentPreflight(
      { http, log: log ?? pino({ enabled: false }) },
      cfg,
      t.namespace,
      node ?? byName([...byNode.keys()].find((n) => n !== '?')),
      !!node,
    );
    lines.push(...agent.lines);
    if (agent.refusal) refusal ??= agent.refusal;
  }
  lines.push(
    `budget: every ordinal Ready within ${cfg.budget} after each fault; at most ${cfg.maxDisrupted} ordinal(s) disrupted at once`,
  );
  return { lines, exec: execWorks, events, ...(refusal ? { refusal } : {}) };
}

/**
 * Every --data-path exists in the target's pods (one pod asked): a path that does not is a usage error
 * naming the path and the pod, found before any fault, never a VOL-3 skipped later.
 */
export async function checkDataPaths(
  exec: PodExec,
  t: Target,
  pod: string,
  dataPaths: readonly string[],
): Promise<void> {
  if (!dataPaths.length) return;
  const script = dataPaths.map((p) => `[ -e ${shellQuote(p)} ] || echo ${shellQuote(p)}`).join('; ');
  const r = await exec.run(t.namespace, pod, t.container, ['sh', '-c', script], Duration.seconds(15));
  const absent = r.stdout.split('\n').filter(Boolean);
  if (absent.length)
    throw new UsageError(
      `--data-path ${absent.join(', ')}: no such path in ${t.namespace}/${pod} (container ${t.container}); give paths that exist in the target's pods`,
    );
}

/**
 * Why the target is in the middle of an update, or undefined. Under RollingUpdate: currentRevision is not
 * the updateRevision (with a partition: fewer pods at or above it on the updateRevision than there are). Under OnDelete the controller never moves currentRevision: some pods are not on the
 * updateRevision yet (a fault would bring them back on it).
 */
export function midUpdate(sts: Target['statefulSet']): string | undefined {
  const st = sts.status ?? {};
  if (!st.currentRevision || !st.updateRevision) return undefined;
  if ((sts.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'OnDelete') {
    const replicas = sts.spec?.replicas ?? 1;
    return st.updatedReplicas !== undefined && st.updatedReplicas < replicas
      ? `OnDelete: ${st.updatedReplicas} of ${replicas} pods on updateRevision ${st.updateRevision}`
      : undefined;
  }
  // Under a partition the ordinals below it stay behind by design: only those at or above it count.
  const partition = sts.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  if (partition > 0) {
    const want = Math.max(0, (sts.spec?.replicas ?? 1) - partition);
    return st.updatedReplicas !== undefined && st.updatedReplicas < want
      ? `partition ${partition}: ${st.updatedReplicas} of the ${want} pods at or above it on updateRevision ${st.updateRevision}`
      : undefined;
  }
  return st.currentRevision !== st.updateRevision
    ? `currentRevision ${st.currentRevision} != updateRevision ${st.updateRevision}`
    : undefined;
}

/** How node loss will be done, as the plan says it. */
export function nodeLossLine(nl: RunConfig['nodeLoss']): string {
  if (nl.mode === 'none') return 'not enabled (SB-2/SB-3 skipped)';
  const kind =
    nl.mode === 'agent'
      ? `, ${nl.kind === 'power-off' ? "power-off (the kubelet frozen, the target's containers on the node killed)" : 'partition (the kubelet frozen, the containers left running)'}, fence ${nl.fence}`
      : nl.mode === 'lab'
        ? `, ${nl.kind === 'power-off' ? 'power-off (the whole node killed: kubelet, containers, runtime, volume plugin)' : 'partition (the kubelet stopped, the containers left running)'}, fence ${nl.fence}`
        : '';
  const control = nl.forceDeleteLostPod ? ' WITH a force delete of the lost pod (negative control)' : '';
  return `${nl.mode}${kind}, held at most ${nl.hold} from the loss (until an eviction, then ${nl.holdAfterEviction} more)${control}`;
}
