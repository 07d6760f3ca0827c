import { promises as dns } from 'node:dns';
import { ordinals, podName } from '../target.ts';
import { podsByName } from '../waits.ts';
import type { StepContext } from './context.ts';

/** ID-3: from inside the cluster, resolve every ordinal's stable name and record what it resolves to. */
export async function sampleDns(ctx: StepContext): Promise<void> {
  if (!ctx.deps.inCluster) return;
  const { recorder, target } = ctx;
  const pods = podsByName(recorder);
  await Promise.all(
    ordinals(target).map(async (i) => {
      const pod = podName(target, i);
      const fqdn = `${pod}.${target.serviceName}.${target.namespace}.svc.cluster.local`;
      const uid = pods.get(pod)?.metadata?.uid;
      const base = { probe: 'dns', ordinal: i, pod, uid } as const;
      try {
        const addrs = await dns.resolve4(fqdn);
        recorder.store.sample({ ...base, ok: true, value: addrs.join(',') });
      } catch (e) {
        recorder.store.sample({ ...base, ok: false, value: (e as Error).message });
      }
    }),
  );
}
