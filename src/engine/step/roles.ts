import { setTimeout as sleep } from 'node:timers/promises';
import { Duration } from '../../util/duration.ts';
import { ordinals, podName } from '../target.ts';
import { podsByName } from '../waits.ts';
import type { StepContext } from './context.ts';

/**
 * SB-4: runs the user's role query in every ordinal's pod every interval while a fault step lasts,
 * recording each answer as a role sample. Returns the function that stops it (SIGTERM stops it too).
 */
export function sampleRoles(ctx: StepContext): () => Promise<void> {
  const q = ctx.config.roleQuery;
  if (!q) return async () => {};
  const { recorder, target, exec } = ctx;
  const stop = new AbortController();
  const signal = AbortSignal.any([stop.signal, ctx.signal]);
  const sampleOne = async (i: number, pods: ReturnType<typeof podsByName>) => {
    const pod = podName(target, i);
    const p = pods.get(pod);
    if (p?.status?.phase !== 'Running') return;
    const base = { probe: 'role', ordinal: i, pod, uid: p.metadata.uid } as const;
    try {
      const r = await exec.run(target.namespace, pod, target.container, q.command, Duration.seconds(10));
      const value = r.stdout.trim().split('\n').at(-1)?.trim() ?? '';
      const ok = r.exitCode === 0;
      recorder.store.sample({ ...base, ok, value: ok ? value : r.stderr.trim().slice(0, 200) });
    } catch (e) {
      recorder.store.sample({ ...base, ok: false, value: (e as Error).message.slice(0, 200) });
    }
  };
  const loop = (async () => {
    while (!signal.aborted) {
      const pods = podsByName(recorder);
      await Promise.all(ordinals(target).map((i) => sampleOne(i, pods)));
      await sleep(q.interval.toMilliseconds(), undefined, { signal }).catch(() => undefined);
    }
  })();
  return async () => {
    stop.abort();
    await loop;
  };
}
