/** A run's fault-window Events, when they are on and may be created: the windows, and their queue's flush. */
import type { Logger } from 'pino';
import type { KubeHttp } from '../../kube/http.ts';
import type { Duration } from '../../util/duration.ts';
import type { EventsAccess } from './plan.ts';
import { EventQueue } from './queue.ts';
import { FaultWindows, type FaultWindowsOptions } from './windows.ts';

export interface RunEvents {
  readonly windows: FaultWindows;
  /** Sends what is still queued (the reverts', RunFinished) within `within`; never throws. */
  flush(within: Duration): Promise<void>;
}

export interface RunEventsOptions extends Omit<FaultWindowsOptions, 'send'> {
  readonly http: Pick<KubeHttp, 'request'>;
  readonly log: Logger;
}

/**
 * The run's Events for `access` (preflight's): none with --no-events, none when `events create` is
 * forbidden (preflight said so, once); otherwise Events on the target's namespace, tried even when the
 * access review could not be made (a 403 then is said once in the log).
 */
export function runEvents(access: EventsAccess, opts: RunEventsOptions): RunEvents | undefined {
  if (access === 'off' || access === 'forbidden') return undefined;
  const { http, log, ...windows } = opts;
  const queue = new EventQueue({ http, log, namespace: opts.target.namespace });
  return {
    windows: new FaultWindows({ ...windows, log, send: (e) => queue.push(e) }),
    flush: (within) => queue.flush(within),
  };
}
