/** The settings of a game day: the guided step mode and the loop over the suites. */
import type { ConfigKey } from '../keys.ts';

export const GAME_DAY_KEYS: readonly ConfigKey[] = [
  {
    field: 'guided',
    flag: '--step',
    env: 'STS_CHAOS_GUIDED',
    description:
      'guided game day: before each fault step, print its plan (what is done to which pod and node, the checks, the revert) and wait for the operator: on a terminal Enter or c continues, s skips the step, a aborts the run; in a cluster Job the annotation sts-chaos.io/continue=<step number> on the Job (skip:<n>, abort)',
    default: 'false',
  },
  {
    field: 'repeat',
    flag: '--repeat',
    value: '<n>',
    env: 'STS_CHAOS_REPEAT',
    description:
      'run the selected suites n times in one run (one Lease, one report; each step keeps its iteration); a failing check does not stop the loop',
    default: '1',
  },
  {
    field: 'repeatFor',
    flag: '--for',
    value: '<duration>',
    env: 'STS_CHAOS_REPEAT_FOR',
    description:
      'run the selected suites again and again until this much time has passed, e.g. 30m (no iteration starts after it; the one in progress finishes); with --repeat, whichever ends first',
  },
];
