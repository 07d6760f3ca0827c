import type { Derived, Incarnation } from '../timeline/incarnations.ts';
import { Duration } from '../util/duration.ts';

/** Wall-clock time of day with milliseconds, e.g. "12:00:03.120Z". */
export function clock(at: number): string {
  return new Date(at).toISOString().slice(11);
}

/** "12:00:03.120Z (+3.1s)": time of day and offset from the start of the recording. */
export function when(derived: Derived, at: number): string {
  const offset = at - derived.startedAt;
  return `${clock(at)} (${offset < 0 ? '-' : '+'}${span(Math.abs(offset))})`;
}

/** A length of time in human form ("1m30s", "2.5s", "250ms"). */
export function span(ms: number): string {
  return Duration.millis(Math.max(0, ms)).toString();
}

/** "web-1 (uid 1234…)". */
export function podRef(inc: Incarnation): string {
  return `${inc.name} (uid ${inc.uid})`;
}

/** The last known state of an incarnation, for messages: phase, node, readiness, deletion. */
export function podState(derived: Derived, inc: Incarnation): string {
  const parts: string[] = [inc.phase ?? 'no phase'];
  parts.push(inc.node ? `on node ${inc.node}` : 'not scheduled');
  if (inc.deletedAt !== undefined) parts.push(`deleted at ${when(derived, inc.deletedAt)}`);
  else if (inc.deletionRequestedAt !== undefined)
    parts.push(`terminating since ${when(derived, inc.deletionRequestedAt)}`);
  if (inc.ready) parts.push('Ready');
  else if (inc.runningAt !== undefined) parts.push('not Ready');
  else parts.push('no container running');
  const lastEvent = inc.events.at(-1);
  if (lastEvent) parts.push(`last event ${lastEvent.reason} at ${when(derived, lastEvent.at)}`);
  return parts.join(', ');
}
