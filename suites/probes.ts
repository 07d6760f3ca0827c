import type { SuiteDef } from '../src/catalogue/types.ts';
import { probeBreakage } from '../src/faults/probe-breakage.ts';

/** Probes: a broken readiness probe takes the pod out of service without a restart; liveness restarts it (PRB-1, PRB-2). */
export const probes: SuiteDef = {
  id: 'probes',
  summary: 'a broken readiness probe takes the pod out of service without a restart; liveness restarts it',
  steps: [
    {
      id: 'probes/probe-breakage-readiness',
      fault: 'probe-breakage',
      variant: 'readiness',
      note: 'SIGSTOP of the container, healed with SIGCONT before liveness would fire',
      tags: ['Disruptive'],
      checks: ['PRB-1', 'REC-1'],
      make: () => probeBreakage('readiness'),
    },
    {
      id: 'probes/probe-breakage-liveness',
      fault: 'probe-breakage',
      variant: 'liveness',
      tags: ['Disruptive'],
      checks: ['PRB-2', 'VOL-1', 'REC-1'],
      make: () => probeBreakage('liveness'),
    },
  ],
};
