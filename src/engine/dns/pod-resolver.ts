import type { PodExec } from '../../kube/exec.ts';
import { Duration } from '../../util/duration.ts';
import { type LookupAnswer, type LookupTool, parseLookup } from './lookup-output.ts';
import { clusterDomain } from './resolv-conf.ts';

/** A pod of the target that can resolve names the way its peers do: its resolv.conf, its tools. */
export interface PodResolver {
  readonly ordinal: number;
  readonly pod: string;
  readonly container: string;
  /** The cluster domain from the pod's own search path. */
  readonly domain: string;
  /** The lookup tools its image has, preferred first. */
  readonly tools: readonly LookupTool[];
}

/** One name to resolve, and the tool to resolve it with. */
export interface Query {
  readonly name: string;
  readonly tool: LookupTool;
}

const TIMEOUT = Duration.seconds(20);
const PROBE = 'cat /etc/resolv.conf; echo @tools; command -v getent; command -v nslookup; true';
/** Each argument is `tool:name`; every answer is framed by `@name` and `@rc` lines. */
const LOOKUP = [
  'for a in "$@"; do t=${a%%:*}; n=${a#*:}; printf \'\\n@name %s\\n\' "$n"',
  'if [ "$t" = getent ]; then getent ahosts "$n" 2>&1; else nslookup "$n" 2>&1; fi',
  'printf \'\\n@rc %s\\n\' "$?"; done',
].join('; ');

/**
 * Learns whether `pod` can resolve names, trying its containers in order: a shell, the cluster domain
 * in its resolv.conf, getent or nslookup. Returns the resolver, or why this pod cannot be one.
 */
export async function openPodResolver(
  exec: PodExec,
  namespace: string,
  pod: { readonly name: string; readonly ordinal: number; readonly containers: readonly string[] },
): Promise<PodResolver | string> {
  const why: string[] = [];
  for (const container of pod.containers) {
    const r = await exec
      .run(namespace, pod.name, container, ['sh', '-c', PROBE], TIMEOUT)
      .catch((e: Error) => ({ exitCode: -1, stdout: '', stderr: e.message }));
    if (r.exitCode !== 0) {
      why.push(`${container}: no shell (${(r.stderr.trim() || `exit ${r.exitCode}`).slice(0, 120)})`);
      continue;
    }
    const [conf = '', tools = ''] = r.stdout.split('@tools');
    const domain = clusterDomain(conf, namespace);
    if (!domain) {
      why.push(`${container}: its resolv.conf has no svc.<domain> search entry (dnsPolicy not ClusterFirst)`);
      continue;
    }
    const found = (['getent', 'nslookup'] as const).filter((t) =>
      tools.split('\n').some((l) => l.trim().endsWith(t)),
    );
    if (found.length === 0) {
      why.push(`${container}: neither getent nor nslookup in its image`);
      continue;
    }
    return { ordinal: pod.ordinal, pod: pod.name, container, domain, tools: found };
  }
  return `${pod.name}: ${why.join('; ') || 'no container'}`;
}

/** Resolves `queries` in one exec in the resolver's pod; an exec that fails answers every name with its error. */
export async function lookupInPod(
  exec: PodExec,
  namespace: string,
  r: PodResolver,
  queries: readonly Query[],
): Promise<Map<string, LookupAnswer>> {
  const answers = new Map<string, LookupAnswer>();
  const args = queries.map((q) => `${q.tool}:${q.name}`);
  const res = await exec
    .run(namespace, r.pod, r.container, ['sh', '-c', LOOKUP, 'sh', ...args], TIMEOUT)
    .catch((e: Error) => e);
  if (res instanceof Error) {
    for (const q of queries)
      answers.set(q.name, { addresses: [], error: `exec in ${r.pod}: ${res.message}` });
    return answers;
  }
  const tools = new Map(queries.map((q) => [q.name, q.tool]));
  for (const section of res.stdout.split('\n@name ').slice(1)) {
    const nl = section.indexOf('\n');
    const name = section.slice(0, nl).trim();
    const rc = /\n@rc (\d+)/.exec(section);
    const body = section.slice(nl + 1, rc?.index ?? section.length);
    const tool = tools.get(name);
    if (tool) answers.set(name, parseLookup(tool, body, Number(rc?.[1] ?? -1)));
  }
  for (const q of queries)
    if (!answers.has(q.name))
      answers.set(q.name, { addresses: [], error: `no answer from ${r.pod} (exit ${res.exitCode})` });
  return answers;
}
