import type { Pod } from '../../kube/objects.ts';
import { Duration } from '../../util/duration.ts';
import { sleep } from '../../util/sleep.ts';
import type { LookupAnswer } from '../dns/lookup-output.ts';
import { lookupInPod, openPodResolver, type PodResolver, type Query } from '../dns/pod-resolver.ts';
import { lookupHere, ownClusterDomain } from '../dns/self-resolver.ts';
import { ordinals, podName } from '../target.ts';
import { isReady, podsByName } from '../waits.ts';
import type { StepContext } from './context.ts';

/** The pause between two rounds of lookups (DNS has no watch). */
const DNS_RETRY = Duration.seconds(1);
/** Pods tried as resolvers before giving up (they share one template: when two cannot, none can). */
const MAX_TRIED = 3;

/** Where one ordinal's name is resolved from: a peer pod (its tool), the pod itself (nslookup), or here. */
interface Source {
  readonly via: string;
  readonly ordinal: number;
  readonly name: string;
  readonly pod?: PodResolver;
  readonly tool?: Query['tool'];
}

/**
 * ID-3: resolve every ordinal's stable name S-i.H.N.svc.<domain> from inside the target's own pods (the
 * peers that use these names), through exec, with the domain of the pod's own resolv.conf; and from here
 * when sts-chaos runs in the cluster. A peer resolves another ordinal's name with getent or nslookup; a
 * pod resolves its own only with nslookup (getent answers it from /etc/hosts, not DNS). Every answer is
 * a sample; the names are sampled until they resolve to the pod's current IP, and at least once after
 * `budget` (so a stale answer there is judged). Returns why no name could be resolved at all, if so.
 */
export async function sampleDns(
  ctx: StepContext,
  budget: Duration = ctx.config.dnsBudget,
): Promise<string | undefined> {
  const { recorder, target, exec, log } = ctx;
  const pods = podsByName(recorder);
  const live = ordinals(target)
    .map((i) => ({ i, pod: pods.get(podName(target, i)) }))
    .filter(
      (x): x is { i: number; pod: Pod } => !!x.pod && isReady(x.pod) && !x.pod.metadata.deletionTimestamp,
    );

  const resolvers: PodResolver[] = [];
  const refused: string[] = [];
  for (const { i, pod } of live) {
    if (resolvers.length >= 2 || refused.length + resolvers.length >= MAX_TRIED) break;
    const containers = [...new Set([target.container, ...(pod.spec?.containers ?? []).map((c) => c.name)])];
    const r = await openPodResolver(exec, target.namespace, {
      name: podName(target, i),
      ordinal: i,
      containers,
    });
    if (typeof r === 'string') refused.push(r);
    else resolvers.push(r);
  }
  const here = ctx.deps.inCluster ? await ownClusterDomain() : undefined;

  const fqdn = (i: number, domain: string) =>
    `${podName(target, i)}.${target.serviceName}.${target.namespace}.svc.${domain}`;
  const sources: Source[] = [];
  const unsampled: string[] = [];
  for (const i of ordinals(target)) {
    const peer = resolvers.find((r) => r.ordinal !== i);
    const self = resolvers.find((r) => r.ordinal === i && r.tools.includes('nslookup'));
    const from = peer ?? self;
    if (from) {
      const tool = from === peer ? (from.tools[0] as Query['tool']) : 'nslookup';
      sources.push({
        via: `${from.pod}/${from.container} (${tool})`,
        ordinal: i,
        name: fqdn(i, from.domain),
        pod: from,
        tool,
      });
    } else if (resolvers.length > 0)
      unsampled.push(
        `${podName(target, i)}: no peer can resolve it, and its own image has only getent (which answers its own name from /etc/hosts)`,
      );
    if (here) sources.push({ via: 'sts-chaos (in-cluster)', ordinal: i, name: fqdn(i, here) });
  }
  if (sources.length === 0) {
    const why = `no pod of the target could resolve names (${refused.join('; ') || unsampled.join('; ') || 'no Ready pod'})`;
    return ctx.deps.inCluster
      ? `${why}, and this pod's resolv.conf names no cluster domain`
      : `${why}, and sts-chaos runs outside the cluster`;
  }
  for (const u of unsampled) log.info({ check: 'ID-3' }, `DNS not sampled for ${u}`);

  const after = Date.now() + budget.toMilliseconds();
  let pending = sources;
  for (;;) {
    const roundAt = Date.now();
    const answers = await lookupRound(ctx, pending);
    const now = podsByName(recorder);
    pending = pending.filter((s, k) => {
      const answer = answers[k] as LookupAnswer;
      const p = now.get(podName(target, s.ordinal));
      // A pod that is not Ready has no name to follow (ID-3 judges Ready periods only): one sample, done.
      const ready = !!p && isReady(p) && !p.metadata.deletionTimestamp;
      const ok = answer.addresses.length > 0;
      recorder.store.sample({
        probe: 'dns',
        ordinal: s.ordinal,
        pod: podName(target, s.ordinal),
        uid: p?.metadata?.uid,
        ok,
        value: ok ? answer.addresses.join(',') : (answer.error ?? 'no answer'),
        via: s.via,
      });
      const ips = podIps(p);
      const resolved = ips.length > 0 && answer.addresses.some((a) => ips.includes(a));
      log.debug(
        { check: 'ID-3' },
        `DNS ${s.name} via ${s.via}: ${ok ? answer.addresses.join(',') : answer.error} (pod IP ${ips.join(',') || 'none'})`,
      );
      return ready && !resolved;
    });
    if (pending.length === 0 || roundAt > after || ctx.signal.aborted) return undefined;
    await sleep(DNS_RETRY, ctx.signal).catch(() => undefined);
  }
}

/** One lookup per source, in order: one exec per resolver pod for all its names, here one lookup each. */
async function lookupRound(ctx: StepContext, sources: readonly Source[]): Promise<LookupAnswer[]> {
  const byPod = new Map<PodResolver, Query[]>();
  for (const s of sources)
    if (s.pod && s.tool) byPod.set(s.pod, [...(byPod.get(s.pod) ?? []), { name: s.name, tool: s.tool }]);
  const inPods = new Map<string, LookupAnswer>();
  await Promise.all(
    [...byPod].map(async ([r, queries]) => {
      for (const [name, a] of await lookupInPod(ctx.exec, ctx.target.namespace, r, queries))
        inPods.set(`${r.pod}|${name}`, a);
    }),
  );
  return Promise.all(
    sources.map(async (s) =>
      s.pod
        ? (inPods.get(`${s.pod.pod}|${s.name}`) ?? { addresses: [], error: 'no answer' })
        : lookupHere(s.name),
    ),
  );
}

function podIps(p: Pod | undefined): string[] {
  const ips = (p?.status?.podIPs ?? []).map((x) => x.ip).filter((x): x is string => !!x);
  return ips.length > 0 ? ips : p?.status?.podIP ? [p.status.podIP] : [];
}
