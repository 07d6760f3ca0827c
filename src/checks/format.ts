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

/** Items joined with "; " (or `sep`), the first `max` of them, then "and N more". */
export function list(items: readonly string[], max = 5, sep = '; '): string {
  if (items.length <= max) return items.join(sep);
  return `${items.slice(0, max).join(sep)}${sep}and ${items.length - max} more`;
}

/** "1 ordinal", "3 ordinals". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Pod names of the ordinals, runs of consecutive ones shortened: "web-0..web-4, web-7". */
export function ordinalNames(set: string, ordinals: readonly number[]): string {
  const sorted = [...ordinals].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    const from = `${set}-${sorted[i]}`;
    runs.push(j === i ? from : j === i + 1 ? `${from}, ${set}-${sorted[j]}` : `${from}..${set}-${sorted[j]}`);
    i = j + 1;
  }
  return runs.join(', ');
}
