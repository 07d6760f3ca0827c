/**
 * The core/v1 Event as sts-chaos writes it (the fields it sets), and how its own Events are told apart
 * from the cluster's (the recorder leaves them out of the timeline: what sts-chaos says is not evidence).
 */

/** `source.component` and `reportingComponent` (events.k8s.io/v1's `reportingController`) of every Event sts-chaos writes. */
export const EVENT_REPORTER = 'sts-chaos';

/** The object an Event is about (`involvedObject`), or a second one it names (`related`). */
export interface ObjectReference {
  readonly apiVersion: string;
  readonly kind: string;
  /** Absent for a cluster-scoped object (a Node). */
  readonly namespace?: string;
  readonly name: string;
  readonly uid?: string;
}

export type EventType = 'Normal' | 'Warning';

/** A core/v1 Event, as POSTed to `/api/v1/namespaces/<ns>/events`. */
export interface CoreEvent {
  readonly apiVersion: 'v1';
  readonly kind: 'Event';
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly annotations: Readonly<Record<string, string>>;
  };
  readonly involvedObject: ObjectReference;
  readonly related?: ObjectReference;
  readonly reason: string;
  readonly message: string;
  readonly type: EventType;
  readonly action: string;
  /** When it happened (RFC 3339, seconds): what `kubectl get events` shows as LAST SEEN. */
  readonly firstTimestamp: string;
  readonly lastTimestamp: string;
  /** The same moment to the microsecond (MicroTime, six fraction digits). */
  readonly eventTime: string;
  readonly count: number;
  readonly source: { readonly component: string };
  readonly reportingComponent: string;
  readonly reportingInstance: string;
}

/** Whether an Event (as the API server sends it) was written by sts-chaos. */
export function isOwnEvent(o: unknown): boolean {
  const e = o as { reportingComponent?: string; source?: { component?: string } } | undefined;
  return e?.reportingComponent === EVENT_REPORTER || e?.source?.component === EVENT_REPORTER;
}
