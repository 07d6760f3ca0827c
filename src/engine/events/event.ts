/**
 * One fault-window Event as a core/v1 Event object: its unique name, its labels and annotations (the run
 * and the step, for dashboards to filter on), its times. Pure: the queue sends what this makes.
 */
import { type CoreEvent, EVENT_REPORTER, type EventType, type ObjectReference } from '../../kube/event.ts';

/** What sts-chaos says about a fault window, and about the run's end. */
export type EventReason =
  | 'FaultInjected'
  | 'FaultRecovered'
  | 'FaultReverted'
  | 'FaultAborted'
  | 'RunFinished';

/** The label every Event of a run carries (`kubectl get events -l sts-chaos.io/run=<run>`). */
export const RUN_LABEL = 'sts-chaos.io/run';
/** The annotations: the run, the step (a catalogue step ID such as `identity/pod-kill-graceful`) … */
export const ANNOTATION = {
  run: 'sts-chaos.io/run',
  step: 'sts-chaos.io/step',
  fault: 'sts-chaos.io/fault',
  pod: 'sts-chaos.io/victim-pod',
  node: 'sts-chaos.io/victim-node',
  recoverySeconds: 'sts-chaos.io/recovery-seconds',
  verdict: 'sts-chaos.io/verdict',
  exitCode: 'sts-chaos.io/exit-code',
} as const;

/** The API server's limit on a message of an Event with an `eventTime`, in bytes (UTF-8). */
const MESSAGE_LIMIT = 1024;
/** The API server's limit on `reportingInstance`, in bytes. */
const INSTANCE_LIMIT = 128;

export interface EventSpec {
  readonly reason: EventReason;
  readonly type: EventType;
  /** What sts-chaos did: Inject, Recover, Revert, Abort, Finish. */
  readonly action: string;
  /** The object the Event is about: the StatefulSet or a pod, in the namespace the Event goes to. */
  readonly regarding: ObjectReference & { readonly namespace: string };
  /** A second object it names (the victim's Node, for a node fault). */
  readonly related?: ObjectReference;
  readonly message: string;
  /** When it happened (ms since the epoch). */
  readonly at: number;
  /** Besides the run's: the step, the fault, the victim … */
  readonly annotations: Readonly<Record<string, string>>;
}

/** Who writes the Events: the run, and the process (the Job's pod name, or this host's). */
export interface Reporter {
  readonly runId: string;
  readonly instance: string;
}

/**
 * The Event for `spec`, the `seq`th of the run: named `<object>.<run>-<seq>`, unique across runs and
 * sorted by name in the order they were made for one object (a name the API server accepts: at most 253
 * characters, the object's name shortened when it would not fit).
 */
export function eventObject(spec: EventSpec, reporter: Reporter, seq: number): CoreEvent {
  const suffix = `.${reporter.runId}-${String(seq).padStart(4, '0')}`;
  const name = `${spec.regarding.name.slice(0, 253 - suffix.length).replace(/[.-]+$/, '')}${suffix}`;
  // A time that is not one (never expected) is the moment the Event is made.
  const iso = new Date(Number.isFinite(spec.at) ? spec.at : Date.now()).toISOString();
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name,
      namespace: spec.regarding.namespace,
      labels: { [RUN_LABEL]: reporter.runId },
      annotations: { [ANNOTATION.run]: reporter.runId, ...spec.annotations },
    },
    involvedObject: spec.regarding,
    ...(spec.related ? { related: spec.related } : {}),
    reason: spec.reason,
    message: clip(spec.message, MESSAGE_LIMIT),
    type: spec.type,
    action: spec.action,
    firstTimestamp: iso.replace(/\.\d+Z$/, 'Z'),
    lastTimestamp: iso.replace(/\.\d+Z$/, 'Z'),
    // MicroTime: exactly six fraction digits.
    eventTime: iso.replace(/\.(\d{3})Z$/, '.$1000Z'),
    count: 1,
    source: { component: EVENT_REPORTER },
    reportingComponent: EVENT_REPORTER,
    reportingInstance: clip(reporter.instance || EVENT_REPORTER, INSTANCE_LIMIT),
  };
}

/** `s` within `max` bytes of UTF-8 (the API server counts bytes), cut at a character and ended with `…`. */
export function clip(s: string, max: number): string {
  if (Buffer.byteLength(s) <= max) return s;
  const room = max - Buffer.byteLength('…');
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > room) break;
    out += ch;
    bytes += n;
  }
  return `${out}…`;
}
