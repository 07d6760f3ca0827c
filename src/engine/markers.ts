import type { ExecResult, PodExec } from '../kube/exec.ts';
import { markerLine } from '../timeline/marker.ts';
import type { Recorder } from '../timeline/recorder.ts';
import { MARKER_WRITE_STEP } from '../timeline/types.ts';
import { Duration } from '../util/duration.ts';
import { shellQuote } from '../util/shell.ts';
import { sleep } from '../util/sleep.ts';
import type { Target } from './target.ts';
import { ordinals, podName } from './target.ts';
import { podsByName } from './waits.ts';

const FILE = '.sts-chaos-marker';

/** Where markers go in each pod: every claim mount, and the user's data paths. */
export function markerPaths(t: Target, dataPaths: readonly string[]): string[] {
  return [...new Set([...Object.values(t.claimMounts), ...dataPaths])].sort();
}

/**
 * VOL-3: writes a marker (ordinal, run id, sequence, checksum; fsync'd) on every marker path of every
 * ordinal, each through a temporary file of its own ordinal, then records a step mark with what each
 * ordinal wrote (or why its write failed): VOL-3 compares every later read with what was written, and
 * a failed write is a failure of that ordinal, never a stale baseline. Never throws for a failed write.
 */
export async function writeMarkers(
  exec: PodExec,
  rec: Recorder,
  t: Target,
  dataPaths: readonly string[],
  runId: string,
  seq: number,
  signal?: AbortSignal,
): Promise<void> {
  const paths = markerPaths(t, dataPaths);
  if (paths.length === 0) return;
  const written: Record<string, string> = {};
  const failed: Record<string, string> = {};
  await Promise.all(
    ordinals(t).map(async (i) => {
      const line = markerLine({ ordinal: i, run: runId, seq });
      const tmp = `${FILE}.${i}.tmp`;
      const script = paths
        .map(
          (p) =>
            `printf '%s\\n' '${line}' > ${shellQuote(`${p}/${tmp}`)} && mv ${shellQuote(`${p}/${tmp}`)} ${shellQuote(`${p}/${FILE}`)}`,
        )
        .join(' && ');
      try {
        const r = await execRetry(exec, t, podName(t, i), `${script} && sync`, signal);
        if (r.exitCode === 0) written[i] = line;
        else failed[i] = `exit ${r.exitCode}: ${r.stderr.trim().split('\n')[0] ?? ''}`.slice(0, 300);
      } catch (e) {
        if (signal?.aborted) throw e;
        failed[i] = (e as Error).message.slice(0, 300);
      }
    }),
  );
  rec.store.mark({
    mark: 'step',
    details: {
      step: MARKER_WRITE_STEP,
      seq,
      run: runId,
      paths,
      written,
      ...(Object.keys(failed).length ? { failed } : {}),
    },
  });
  await readMarkers(exec, rec, t, dataPaths, ordinals(t), signal ? { signal } : {});
}

/** A read's sample: the markers ("path=content; ..."), or what the failed command printed. */
function markerResult(r: ExecResult): { ok: boolean; value: string } {
  return r.exitCode === 0
    ? { ok: true, value: r.stdout.trim().split('\n').join('; ') }
    : { ok: false, value: `${r.stdout.trim()} ${r.stderr.trim()}`.trim() };
}

/** Exec that retries when the connection fails (an API-server restart), not when the command fails. */
async function execRetry(
  exec: PodExec,
  t: Target,
  pod: string,
  script: string,
  signal?: AbortSignal,
): Promise<ExecResult> {
  let last: Error | undefined;
  for (let attempt = 0; attempt < 6; attempt++) {
    try {
      return await exec.run(t.namespace, pod, t.container, ['sh', '-c', script], Duration.seconds(30));
    } catch (e) {
      last = e as Error;
      await sleep(Duration.millis(500 * 2 ** attempt), signal);
    }
  }
  throw last ?? new Error('exec failed');
}

/** How markers are read. */
export interface ReadOptions {
  /**
   * One try, at a container that may not run yet: kept when the command ran (whatever its exit code);
   * when the exec itself fails, nothing is recorded and the ordinal is left out of the answer.
   * @default false (retries on connection errors; every outcome is recorded)
   */
  readonly once?: boolean;
  /** Ends the retries' pauses at once (SIGTERM). @default none */
  readonly signal?: AbortSignal;
}

/**
 * Reads the markers back (of `which` ordinals, all by default) and records one sample per ordinal
 * ("path=content; ..."). Returns the uid of the pod each ordinal was read from.
 */
export async function readMarkers(
  exec: PodExec,
  rec: Recorder,
  t: Target,
  dataPaths: readonly string[],
  which: readonly number[] = ordinals(t),
  opts: ReadOptions = {},
): Promise<Map<number, string | undefined>> {
  const read = new Map<number, string | undefined>();
  const paths = markerPaths(t, dataPaths);
  if (paths.length === 0) return read;
  const pods = podsByName(rec);
  await Promise.all(
    which.map(async (i) => {
      const pod = podName(t, i);
      const uid = pods.get(pod)?.metadata?.uid;
      // Every path must read: a marker missing on one of them fails the read, naming that path.
      const script = paths
        .map((p) => `printf '%s=' ${shellQuote(p)} && cat ${shellQuote(`${p}/${FILE}`)}`)
        .join(' && ');
      if (opts.once) {
        const r = await exec
          .run(t.namespace, pod, t.container, ['sh', '-c', script], Duration.seconds(30))
          .catch(() => undefined);
        if (!r) return;
        read.set(i, uid);
        rec.store.sample({ probe: 'marker', ordinal: i, pod, uid, ...markerResult(r) });
        return;
      }
      read.set(i, uid);
      try {
        const r = await execRetry(exec, t, pod, script, opts.signal);
        rec.store.sample({ probe: 'marker', ordinal: i, pod, uid, ...markerResult(r) });
      } catch (e) {
        rec.store.sample({ probe: 'marker', ordinal: i, pod, uid, ok: false, value: (e as Error).message });
      }
    }),
  );
  return read;
}
