/**
 * The fault windows of a run as Kubernetes Events: what the session and the reverts say happened (a fault
 * injected, the target recovered, the fault reverted, the step aborted; the run's end), turned into Events
 * on the target StatefulSet and on the victim pod. A node fault's Events name the node (and carry it as
 * `related`): an Event about a Node itself would have to be in the `default` namespace, where sts-chaos
 * has no rights. Nothing here waits or throws: the Events go to a queue.
 */
import type { Logger } from 'pino';
import type { CoreEvent, ObjectReference } from '../../kube/event.ts';
import { Duration } from '../../util/duration.ts';
import type { LedgerEntry } from '../ledger.ts';
import type { RevertObserver } from '../reverts.ts';
import { ANNOTATION, type EventSpec, eventObject, type Reporter } from './event.ts';

export interface FaultWindowsOptions {
  /** Where the Events go (EventQueue.push): returns at once. */
  readonly send: (event: CoreEvent) => void;
  readonly reporter: Reporter;
  readonly target: { readonly namespace: string; readonly name: string; readonly uid: string };
  /**
   * The UID of the object that has this name now (from the recorder): a window's end goes on the pod that
   * is there, and a re-created StatefulSet's Events on the new one (`kubectl describe` finds an Event by
   * its object's UID). @default the victim's UID, the target's UID at the start
   */
  readonly uidNow?: (kind: 'Pod' | 'StatefulSet', name: string) => string | undefined;
  /** Where an Event that could not be made is said (it is dropped; the step goes on). @default none */
  readonly log?: Logger;
}

/** The step whose window opens: its ID, its fault, the victim as it was before. */
export interface WindowStep {
  /** The catalogue step ID (`identity/pod-kill-graceful`), or the fault's label when the step has none. */
  readonly step: string;
  /** `pod-kill`, `node-loss` … */
  readonly fault: string;
  /** `pod-kill (graceful)`: the fault and its variant. */
  readonly label: string;
  readonly victim: { readonly pod: string; readonly uid: string; readonly node: string };
}

/** One step's window: each call makes its Events (on the StatefulSet, then on the victim pod). */
export interface StepWindow {
  /** The fault is being injected, now (`at`). */
  injected(at: number): void;
  /** Every ordinal is Ready again (`at`: the watch event that showed it). */
  recovered(at: number): void;
  /** The step ended without its verdict: why. Only the first call counts. */
  aborted(why: string): void;
  /** The step is over: a revert registered from now on is not this step's. */
  close(): void;
}

/** The run's end, as the verdict line says it. */
export interface RunEnd {
  readonly outcome: string;
  readonly exitCode: number;
  readonly reason?: string;
  /** How many fault steps ran. */
  readonly steps: number;
}

export class FaultWindows implements RevertObserver {
  readonly #opts: FaultWindowsOptions;
  #seq = 0;
  #open: (StepWindow & { readonly reverted: (what: string) => void }) | undefined;
  /** Which step's window each registered revert belongs to (a revert may run after its step, at the run's end). */
  readonly #byRevert = new Map<string, (what: string) => void>();

  constructor(opts: FaultWindowsOptions) {
    this.#opts = opts;
  }

  /** Opens the window of a step whose fault is about to be injected. */
  open(s: WindowStep): StepWindow {
    const { runId } = this.#opts.reporter;
    const node = s.fault.startsWith('node-');
    const what = node
      ? `node ${s.victim.node} (victim pod ${s.victim.pod})`
      : `pod ${s.victim.pod}${s.victim.node ? ` (node ${s.victim.node})` : ''}`;
    const head = `run ${runId}, step ${s.step}: ${s.label} on ${what}`;
    const annotations = {
      [ANNOTATION.step]: s.step,
      [ANNOTATION.fault]: s.label,
      [ANNOTATION.pod]: s.victim.pod,
      ...(s.victim.node ? { [ANNOTATION.node]: s.victim.node } : {}),
    };
    const related: ObjectReference | undefined =
      node && s.victim.node ? { apiVersion: 'v1', kind: 'Node', name: s.victim.node } : undefined;
    let injectedAt: number | undefined;
    let ended = false;
    // Never throws: it is called in the middle of a step (the pod's UID comes from the recorder).
    const emit = (e: Omit<EventSpec, 'regarding' | 'related' | 'annotations'>, more = {}, uid?: string) => {
      let podUid = uid ?? s.victim.uid;
      try {
        podUid = uid ?? this.#opts.uidNow?.('Pod', s.victim.pod) ?? s.victim.uid;
      } catch {
        // The victim's UID, then.
      }
      this.#both(
        { ...e, annotations: { ...annotations, ...more }, ...(related ? { related } : {}) },
        s.victim.pod,
        podUid,
      );
    };
    const window = {
      injected: (at: number) => {
        injectedAt = at;
        emit(
          { reason: 'FaultInjected', type: 'Normal', action: 'Inject', at, message: `${head}: injected` },
          {},
          s.victim.uid,
        );
      },
      recovered: (at: number) => {
        const ms = at - (injectedAt ?? at);
        const took = Duration.millis(Number.isFinite(ms) && ms > 0 ? ms : 0);
        emit(
          {
            reason: 'FaultRecovered',
            type: 'Normal',
            action: 'Recover',
            at,
            message: `${head}: recovered in ${took} (every ordinal Ready)`,
          },
          { [ANNOTATION.recoverySeconds]: took.toSeconds().toFixed(3) },
        );
      },
      reverted: (description: string) =>
        emit({
          reason: 'FaultReverted',
          type: 'Normal',
          action: 'Revert',
          at: Date.now(),
          message: `${head}: reverted (${description})`,
        }),
      aborted: (why: string) => {
        if (ended) return;
        ended = true;
        emit({
          reason: 'FaultAborted',
          type: 'Warning',
          action: 'Abort',
          at: Date.now(),
          message: `${head}: aborted: ${why}`,
        });
      },
      close: () => {
        if (this.#open === window) this.#open = undefined;
      },
    };
    this.#open = window;
    return window;
  }

  /** A revert was written to the ledger: it belongs to the step whose window is open. */
  registered(entry: LedgerEntry): void {
    const w = this.#open;
    if (w) this.#byRevert.set(entry.id, w.reverted);
  }

  /** A revert ran: its step's FaultReverted. */
  reverted(entry: LedgerEntry): void {
    this.#byRevert.get(entry.id)?.(entry.description);
    this.#byRevert.delete(entry.id);
  }

  /** The run's end: one RunFinished on the StatefulSet (Warning unless every check passed). */
  finished(end: RunEnd): void {
    const { runId } = this.#opts.reporter;
    this.#emit({
      reason: 'RunFinished',
      type: end.exitCode === 0 ? 'Normal' : 'Warning',
      action: 'Finish',
      at: Date.now(),
      regarding: this.#statefulSet(),
      message: `run ${runId}: verdict ${end.outcome.toUpperCase()} (exit ${end.exitCode}) after ${end.steps} fault step(s)${end.reason ? `: ${end.reason}` : ''}`,
      annotations: { [ANNOTATION.verdict]: end.outcome, [ANNOTATION.exitCode]: String(end.exitCode) },
    });
  }

  #both(spec: Omit<EventSpec, 'regarding'>, pod: string, uid: string): void {
    const { namespace } = this.#opts.target;
    this.#emit({ ...spec, regarding: this.#statefulSet() });
    this.#emit({ ...spec, regarding: { apiVersion: 'v1', kind: 'Pod', namespace, name: pod, uid } });
  }

  #statefulSet(): EventSpec['regarding'] {
    const { namespace, name, uid } = this.#opts.target;
    let now = uid;
    try {
      now = this.#opts.uidNow?.('StatefulSet', name) ?? uid;
    } catch {
      // The target's UID at the start, then.
    }
    return { apiVersion: 'apps/v1', kind: 'StatefulSet', namespace, name, uid: now };
  }

  /** Never throws: the session and the reverts call it in the middle of a step. */
  #emit(spec: EventSpec): void {
    this.#seq++;
    try {
      this.#opts.send(eventObject(spec, this.#opts.reporter, this.#seq));
    } catch (e) {
      this.#opts.log?.warn(
        { reason: spec.reason },
        `events: could not make Event ${spec.reason} on ${spec.regarding.kind.toLowerCase()} ${spec.regarding.namespace}/${spec.regarding.name}: ${(e as Error).message}`,
      );
    }
  }
}
