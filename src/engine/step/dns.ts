import { promises as dns } from 'node:dns';
import { Duration } from '../../util/duration.ts';
import { sleep } from '../../util/sleep.ts';
import { ordinals, podName } from '../target.ts';
import { podsByName } from '../waits.ts';
import type { StepContext } from './context.ts';

/** How long DNS may take to follow a new pod (ID-3's budget), and the pause between two lookups. */
const DNS_BUDGET = Duration.seconds(60);
const DNS_RETRY = Duration.seconds(1);

/**
 * ID-3: from inside the cluster, resolve every ordinal's stable name and record each answer as a sample,
 * again until it resolves to the pod's current IP or the DNS budget ends (DNS has no watch: the records
 * follow the endpoints a moment after the pod is Ready). Each lookup is a sample, so ID-3 sees what the
 * name resolved to last when it never caught up.
 */
export async function sampleDns(ctx: StepContext, budget: Duration = DNS_BUDGET): Promise<void> {
  if (!ctx.deps.inCluster) return;
  const { recorder, target } = ctx;
  const deadline = Date.now() + budget.toMilliseconds();
  await Promise.all(
    ordinals(target).map(async (i) => {
      const pod = podName(target, i);
      const fqdn = `${pod}.${target.serviceName}.${target.namespace}.svc.cluster.local`;
      for (;;) {
        const p = podsByName(recorder).get(pod);
        const base = { probe: 'dns', ordinal: i, pod, uid: p?.metadata?.uid } as const;
        let resolved = false;
        try {
          const addrs = await dns.resolve4(fqdn);
          recorder.store.sample({ ...base, ok: true, value: addrs.join(',') });
          resolved = !!p?.status?.podIP && addrs.includes(p.status.podIP);
        } catch (e) {
          recorder.store.sample({ ...base, ok: false, value: (e as Error).message });
        }
        if (resolved || Date.now() >= deadline || ctx.signal.aborted) return;
        await sleep(DNS_RETRY, ctx.signal).catch(() => undefined);
      }
    }),
  );
}
