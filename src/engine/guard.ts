import { MAX_DURATION } from '../config/schema.ts';
import type { StatefulSet } from '../kube/objects.ts';
import type { Recorder } from '../timeline/recorder.ts';
import type { Target } from './target.ts';

/** What the guard knows of the StatefulSet: its spec generation and replicas. */
export interface StsState {
  readonly generation: number;
  readonly replicas: number;
  readonly deleting: boolean;
}

export function stsState(sts: StatefulSet): StsState {
  return {
    generation: Number(sts?.metadata?.generation ?? 0),
    replicas: Number(sts?.spec?.replicas ?? 1),
    deleting: !!sts?.metadata?.deletionTimestamp,
  };
}

/** Whether sts-chaos is changing the StatefulSet now: its spec (`true`), or the object itself (`recreate`). */
export type Ours = boolean | 'recreate';

/**
 * Why the StatefulSet's change is someone else's (a sentence), or undefined when nothing changed. A
 * change of generation while sts-chaos itself is not changing the StatefulSet (`ours`) is someone else's.
 */
export function externalChange(
  name: string,
  before: StsState,
  now: StsState | 'deleted',
  ours: Ours,
): string | undefined {
  // The recreate suite deletes and re-creates the object itself; any other own change is of its spec.
  if (ours === 'recreate') return undefined;
  if (now === 'deleted') return `StatefulSet ${name} was deleted by someone else during the run`;
  if (now.deleting) return `StatefulSet ${name} is being deleted by someone else during the run`;
  if (ours || now.generation <= before.generation) return undefined;
  const what =
    now.replicas !== before.replicas
      ? `scaled from ${before.replicas} to ${now.replicas} replicas`
      : 'updated (its spec changed)';
  return `StatefulSet ${name} was ${what} by someone else during the run (generation ${before.generation} → ${now.generation})`;
}

/**
 * Blast radius: watches the target StatefulSet (through the recorder's events) for the whole run and calls
 * `onChange` once when someone else scales, updates or deletes it. sts-chaos's own changes (the scale step)
 * are announced with `ours(true)` first and move the baseline.
 */
export class TargetGuard {
  readonly #rec: Recorder;
  readonly #target: Target;
  #baseline: StsState;
  #ours: Ours = false;
  #stop = new AbortController();

  constructor(rec: Recorder, target: Target) {
    this.#rec = rec;
    this.#target = target;
    this.#baseline = stsState(target.statefulSet);
  }

  /**
   * While true, changes of the StatefulSet's spec are sts-chaos's own; while `recreate`, its deletion and
   * re-creation too (the baseline then follows the new object).
   */
  ours(on: Ours): void {
    this.#ours = on;
  }

  /** Starts watching; `onChange` gets the reason once. */
  start(onChange: (reason: string) => void): void {
    const name = `${this.#target.namespace}/${this.#target.name}`;
    let reason: string | undefined;
    const check = () => {
      const sts = this.#rec
        .objects<StatefulSet>('StatefulSet')
        .find((s) => s?.metadata?.name === this.#target.name);
      const now = sts ? stsState(sts) : 'deleted';
      reason = externalChange(name, this.#baseline, now, this.#ours);
      // A re-created object starts again at generation 1: while it is ours, the baseline follows it.
      if (
        !reason &&
        now !== 'deleted' &&
        (this.#ours === 'recreate' || now.generation > this.#baseline.generation)
      )
        this.#baseline = now;
      return reason !== undefined;
    };
    this.#rec
      .waitFor('an outside change of the target', MAX_DURATION, check, () => '', this.#stop.signal)
      .then(
        () => onChange(reason as string),
        () => undefined,
      );
  }

  stop(): void {
    this.#stop.abort();
  }
}
