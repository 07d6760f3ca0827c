import { Duration } from '../util/duration.ts';

/** The annotation on the run's Lease by which sts-chaos asks the agent of a node to resume now. */
export const RESUME_ANNOTATION = 'sts-chaos.io/agent-resume';

/** What the agent reads of the run's Lease. */
export interface LeaseView {
  readonly holder?: string;
  readonly renewTime?: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Reads the run's Lease; 'gone' when it does not exist (the run released it). Ends at `signal`. */
export type ReadLease = (signal?: AbortSignal) => Promise<LeaseView | 'gone'>;

/** The longest one read of the Lease may take: a blackholed connection must not hold the hold. */
const READ_TIMEOUT_MS = 5000;

/** Why the run says the hold must end now. */
export interface RunStop {
  readonly ended: 'dead-man' | 'requested';
  readonly why: string;
}

export interface RunWatchOptions {
  readonly read: ReadLease;
  /** The Lease, for messages (`namespace/name`). */
  readonly lease: string;
  /** The run's holder identity: another holder means the run is over. */
  readonly holder: string;
  /** The node the agent acts on (the resume annotation names it, or `*`). */
  readonly node: string;
  /** How often the run renews its Lease: two periods without a renewal is a dead run. */
  readonly period: Duration;
  /** @default Date.now */
  readonly now?: () => number;
}

/**
 * The dead-man's switch: the run renews its Lease every period; the agent resumes early when the renewal
 * time has not changed for two periods (measured on the agent's own clock, so clock skew between the node
 * and the run does not matter), when the Lease is gone or held by another run, or when it cannot be read
 * for two periods. And the run's request to resume now (an annotation naming this node).
 */
export class RunWatch {
  readonly #o: RunWatchOptions;
  readonly #now: () => number;
  #renewTime: string | undefined;
  #changedAt: number;

  constructor(o: RunWatchOptions) {
    this.#o = o;
    this.#now = o.now ?? Date.now;
    this.#changedAt = this.#now();
  }

  /** Undefined while the run lives and wants the hold; else why it must end. */
  async check(): Promise<RunStop | undefined> {
    const limit = this.#o.period.toMilliseconds() * 2;
    let view: LeaseView | 'gone';
    try {
      view = await this.#o.read(AbortSignal.timeout(READ_TIMEOUT_MS));
    } catch (e) {
      const silent = this.#now() - this.#changedAt;
      if (silent <= limit) return undefined;
      return {
        ended: 'dead-man',
        why: `the run's Lease ${this.#o.lease} could not be read for ${Duration.millis(silent)} (${(e as Error).message})`,
      };
    }
    if (view === 'gone') return { ended: 'dead-man', why: `the run's Lease ${this.#o.lease} is gone` };
    if (view.holder !== this.#o.holder)
      return {
        ended: 'dead-man',
        why: `the run's Lease ${this.#o.lease} is held by ${view.holder ?? 'nobody'}, not ${this.#o.holder}`,
      };
    const asked = view.annotations?.[RESUME_ANNOTATION];
    if (asked?.split(',').some((n) => n === this.#o.node || n === '*'))
      return {
        ended: 'requested',
        why: `the run asked to resume ${this.#o.node} (${RESUME_ANNOTATION}: ${asked})`,
      };
    if (view.renewTime !== this.#renewTime) {
      this.#renewTime = view.renewTime;
      this.#changedAt = this.#now();
      return undefined;
    }
    const silent = this.#now() - this.#changedAt;
    if (silent > limit)
      return {
        ended: 'dead-man',
        why: `the run's Lease ${this.#o.lease} was not renewed for ${Duration.millis(silent)} (two periods: ${Duration.millis(limit)})`,
      };
    return undefined;
  }
}
