/** What preflight and `plan` say about the fault windows' Events, from the setting and the access review. */
import { forbiddenLine } from './queue.ts';

/**
 * `off`: --no-events; `allowed`: `events create` in the target's namespace; `forbidden`: not (the run
 * goes on without them, never refused); `unknown`: the access review could not be made (they are tried).
 */
export type EventsAccess = 'off' | 'allowed' | 'forbidden' | 'unknown';

export function eventsAccess(enabled: boolean, allowed: boolean | undefined): EventsAccess {
  if (!enabled) return 'off';
  if (allowed === undefined) return 'unknown';
  return allowed ? 'allowed' : 'forbidden';
}

/** The preflight line, naming the namespace and the StatefulSet. */
export function eventsLine(access: EventsAccess, namespace: string, statefulSet: string): string {
  if (access === 'off') return 'events: off (--no-events): the fault windows are not written as Events';
  if (access === 'forbidden') return forbiddenLine(namespace);
  return `events: each fault window as Events on statefulset ${namespace}/${statefulSet} and its victim pod (FaultInjected, FaultRecovered, FaultReverted, FaultAborted; RunFinished at the end)${access === 'unknown' ? '; whether they may be created could not be asked' : ''}`;
}
