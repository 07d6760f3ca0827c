import type { SuiteDef } from '../src/catalogue/types.ts';
import { podKill } from '../src/faults/pod-kill.ts';

const checks = ['ID-1', 'ID-2', 'ID-3', 'ID-4', 'SB-1', 'SB-4', 'REC-1'] as const;

/** Identity: a recreated pod keeps its name, hostname, subdomain, DNS name and labels (ID-1..4). */
export const identity: SuiteDef = {
  id: 'identity',
  summary: 'a recreated pod keeps its name, hostname, subdomain, DNS name and labels',
  steps: [
    {
      id: 'identity/pod-kill-graceful',
      fault: 'pod-kill',
      variant: 'graceful',
      tags: ['Disruptive'],
      checks,
      make: () => podKill({ force: false }),
    },
    {
      id: 'identity/pod-kill-forced',
      fault: 'pod-kill',
      variant: 'forced',
      tags: ['Disruptive'],
      checks,
      make: () => podKill({ force: true }),
    },
  ],
};
