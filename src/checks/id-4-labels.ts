import { podRef, when } from './format.ts';
import { skip, verdict } from './result.ts';
import { bounds, livedWithin } from './scope.ts';
import type { Check, Violation } from './types.ts';

const ID = 'ID-4';
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

/** ID-4 labels: every incarnation carries pod-name `S-i` and pod-index `i` (as last seen). */
export const id4Labels: Check = {
  id: ID,
  title: 'labels',
  tags: ['identity'],
  evaluate(input) {
    const { derived } = input;
    const b = bounds(input);
    const violations: Violation[] = [];
    let checked = 0;
    for (const list of derived.ordinals.values()) {
      for (const inc of list) {
        if (!livedWithin(b, inc)) continue;
        checked += 1;
        const expected: [string, string][] = [
          [POD_NAME_LABEL, inc.name],
          [POD_INDEX_LABEL, String(inc.ordinal)],
        ];
        for (const [key, value] of expected) {
          const actual = inc.labels[key];
          if (actual !== value)
            violations.push({
              at: inc.createdAt,
              ordinal: inc.ordinal,
              message: `${podRef(inc)} created at ${when(derived, inc.createdAt)} has label ${key}=${actual === undefined ? '(missing)' : `"${actual}"`}, expected "${value}"`,
            });
        }
      }
    }
    if (checked === 0) return skip(ID, `no pod of StatefulSet ${derived.target.name} was recorded`);
    return verdict(
      ID,
      violations,
      `${checked} incarnations carry ${POD_NAME_LABEL}=S-i and ${POD_INDEX_LABEL}=i`,
      {
        incarnations: checked,
      },
    );
  },
};
