import { defineCheck } from './define.ts';
import { incarnationsWithin, incarnationViolation, skipWithoutPods } from './per-incarnation.ts';
import { verdict } from './result.ts';
import type { Check, Violation } from './types.ts';

const ID = 'ID-4';
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

/** ID-4 labels: every incarnation carries pod-name `S-i` and pod-index `i` (as last seen). */
export const id4Labels: Check = defineCheck(
  { id: ID, title: 'labels', tags: ['identity'] },
  ({ derived, bounds: b }) => {
    const violations: Violation[] = [];
    const incarnations = incarnationsWithin(derived, b);
    for (const inc of incarnations) {
      const expected: [string, string][] = [
        [POD_NAME_LABEL, inc.name],
        [POD_INDEX_LABEL, String(inc.ordinal)],
      ];
      for (const [key, value] of expected) {
        const actual = inc.labels[key];
        if (actual !== value)
          violations.push(
            incarnationViolation(
              derived,
              inc,
              `has label ${key}=${actual === undefined ? '(missing)' : `"${actual}"`}, expected "${value}"`,
            ),
          );
      }
    }
    const checked = incarnations.length;
    if (checked === 0) return skipWithoutPods(ID, derived);
    return verdict(
      ID,
      violations,
      `${checked} incarnations carry ${POD_NAME_LABEL}=S-i and ${POD_INDEX_LABEL}=i`,
      {
        incarnations: checked,
      },
    );
  },
);
