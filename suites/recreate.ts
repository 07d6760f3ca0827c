import type { SuiteDef } from '../src/catalogue/types.ts';
import { recreate } from '../src/faults/recreate.ts';

/**
 * Recreate: the StatefulSet object itself deleted and made again from its saved spec, as changing an
 * immutable field (`kubectl delete --cascade=orphan`, re-apply) and a reinstall do. It touches the user's
 * StatefulSet object, so the suite is asked for by name (`--suites recreate`), never taken by default.
 * The deletion's own order is not judged (ORD-2): Kubernetes promises none for a deleted StatefulSet's pods.
 */
export const recreateSuite: SuiteDef = {
  id: 'recreate',
  summary:
    'a StatefulSet deleted and re-created keeps its pods (orphaned: adopted, no restart) or its claims and data (deleted: back in order)',
  steps: [
    {
      id: 'recreate/orphan',
      fault: 'recreate',
      variant: 'orphan',
      note: 'deleted with propagationPolicy Orphan, re-created from the saved spec: every pod adopted as it runs',
      tags: ['Disruptive', 'Recreate'],
      checks: ['ADOPT-1', 'ID-1', 'ID-4', 'VOL-1', 'VOL-2', 'VOL-3', 'SB-1', 'REC-1'],
      make: () => recreate('orphan'),
    },
    {
      id: 'recreate/delete',
      fault: 'recreate',
      variant: 'delete',
      note: 'deleted with its pods (the default propagation), re-created: the claims as whenDeleted says, the pods back in order',
      tags: ['Disruptive', 'Recreate'],
      checks: ['VOL-5', 'ORD-1', 'ID-1', 'ID-2', 'ID-4', 'VOL-1', 'VOL-2', 'VOL-3', 'SB-1', 'REC-1'],
      make: () => recreate('delete'),
    },
  ],
};
