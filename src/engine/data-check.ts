import type { RunConfig } from '../config/types.ts';
import type { ExecResult, PodExec } from '../kube/exec.ts';
import type { Recorder } from '../timeline/recorder.ts';
import { DATA_WRITE_STEP } from '../timeline/types.ts';
import { Duration } from '../util/duration.ts';
import { sleep } from '../util/sleep.ts';
import type { Target } from './target.ts';
import { ordinals, podName } from './target.ts';
import { podsByName } from './waits.ts';

type DataCheckConfig = NonNullable<RunConfig['dataCheck']>;

/** How long one write or verify command may run. */
const COMMAND_TIMEOUT = Duration.seconds(30);
/** The pause between two verify attempts of one ordinal. */
const RETRY_EVERY = Duration.seconds(1);

/** The first non-empty line of a command's output (its reason), cut to 300 characters. */
function firstLine(...texts: string[]): string {
  for (const t of texts) {
    const line = t
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '');
    if (line) return line.slice(0, 300);
  }
  return '';
}

function withEnv(cmd: readonly string[], seq: number, runId: string): string[] {
  return ['env', `STS_CHAOS_SEQ=${seq}`, `STS_CHAOS_RUN=${runId}`, ...cmd];
}

/**
 * VOL-3's workload data check: the user's own write before each fault and read-back after recovery (rows
 * in a database, keys in a store), on top of the marker file. Writes are numbered 1, 2, … per run; only an
 * acknowledged write (exit 0) raises the number that verify must find.
 */
export class DataCheck {
  readonly #cfg: DataCheckConfig;
  readonly #exec: PodExec;
  readonly #rec: Pick<Recorder, 'store' | 'objects'>;
  readonly #target: Target;
  readonly #runId: string;
  #seq = 0;
  #acknowledged = 0;

  constructor(
    cfg: DataCheckConfig,
    exec: PodExec,
    rec: Pick<Recorder, 'store' | 'objects'>,
    target: Target,
    runId: string,
  ) {
    this.#cfg = cfg;
    this.#exec = exec;
    this.#rec = rec;
    this.#target = target;
    this.#runId = runId;
  }

  /** The highest sequence number whose write was acknowledged. */
  get acknowledged(): number {
    return this.#acknowledged;
  }

  /** Runs the write once in the writer's pod and records a `data-write` step mark saying whether it was acknowledged. */
  async write(): Promise<boolean> {
    const seq = ++this.#seq;
    const t = this.#target;
    const ordinal = this.#cfg.writeOrdinal ?? t.ordinalsStart;
    const pod = podName(t, ordinal);
    const error = await this.#attempt(
      pod,
      this.#cfg.write,
      seq,
      (r) => `exit ${r.exitCode}: ${firstLine(r.stderr, r.stdout)}`,
    );
    const ok = error === undefined;
    if (ok) this.#acknowledged = seq;
    this.#rec.store.mark({
      mark: 'step',
      ordinal,
      details: { step: DATA_WRITE_STEP, seq, ok, pod, ...(error ? { error } : {}) },
    });
    return ok;
  }

  /**
   * Runs verify in every ordinal's pod until it passes there or the timeout ends (replicas may still be
   * catching up), and records one `data` sample per ordinal: its last attempt, with the attempts made.
   * Does nothing before the first acknowledged write.
   */
  async verify(signal?: AbortSignal): Promise<void> {
    const seq = this.#acknowledged;
    if (seq === 0) return;
    const t = this.#target;
    const deadline = Date.now() + this.#cfg.timeout.toMilliseconds();
    await Promise.all(
      ordinals(t).map(async (i) => {
        const pod = podName(t, i);
        let attempts = 0;
        let ok = false;
        let value = '';
        do {
          if (
            attempts > 0 &&
            !(await sleep(RETRY_EVERY, signal).then(
              () => true,
              () => false,
            ))
          )
            break;
          attempts += 1;
          const error = await this.#attempt(
            pod,
            this.#cfg.verify,
            seq,
            (r) => `exit ${r.exitCode}: ${firstLine(r.stdout, r.stderr) || 'no output'}`,
          );
          ok = error === undefined;
          value = error ?? `records 1..${seq} readable`;
        } while (!ok && Date.now() + RETRY_EVERY.toMilliseconds() < deadline && !signal?.aborted);
        this.#rec.store.sample({
          probe: 'data',
          ordinal: i,
          pod,
          uid: podsByName(this.#rec).get(pod)?.metadata?.uid,
          ok,
          value: `${value} (seq ${seq}, ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'})`,
        });
      }),
    );
  }

  /**
   * Runs one of the workload's commands in the pod, numbered `seq` in its environment: undefined when it
   * exits 0, else why not (`failed` says it from the result; an error that kept it from running, cut to 300).
   */
  async #attempt(
    pod: string,
    command: readonly string[],
    seq: number,
    failed: (r: ExecResult) => string,
  ): Promise<string | undefined> {
    const t = this.#target;
    try {
      const r = await this.#exec.run(
        t.namespace,
        pod,
        t.container,
        withEnv(command, seq, this.#runId),
        COMMAND_TIMEOUT,
      );
      return r.exitCode === 0 ? undefined : failed(r);
    } catch (e) {
      return (e as Error).message.slice(0, 300);
    }
  }
}
