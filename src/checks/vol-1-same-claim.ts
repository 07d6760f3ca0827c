import { parseOrdinal } from '../timeline/incarnations.ts';
import { specAt } from '../timeline/queries.ts';
import { defineVolumeCheck } from './define.ts';
import { incarnationsWithin, incarnationViolation, skipWithoutPods } from './per-incarnation.ts';
import { verdict } from './result.ts';
import type { Check, Violation } from './types.ts';

const ID = 'VOL-1';

/** VOL-1 same claim: every incarnation of `S-i` mounts `T-S-i` for every template T, and no other ordinal's claim. */
export const vol1SameClaim: Check = defineVolumeCheck(
  { id: ID, title: 'same claim', tags: ['volume'] },
  ({ derived, bounds: b }) => {
    const templates = specAt(derived, b.to).claimTemplates;
    const set = derived.target.name;

    const violations: Violation[] = [];
    const incarnations = incarnationsWithin(derived, b);
    for (const inc of incarnations) {
      for (const t of templates) {
        const own = `${t}-${inc.name}`;
        if (inc.claims.includes(own)) continue;
        const other = inc.claims.find((c) => parseOrdinal(c, `${t}-${set}-`) !== undefined);
        violations.push(
          incarnationViolation(
            derived,
            inc,
            other
              ? `mounts ${other}, another ordinal's claim, instead of ${own}`
              : `does not mount ${own} (claims: ${inc.claims.join(', ') || 'none'})`,
          ),
        );
      }
    }
    const checked = incarnations.length;
    if (checked === 0) return skipWithoutPods(ID, derived);
    return verdict(
      ID,
      violations,
      `${checked} incarnations each mounted their own ${templates.map((t) => `${t}-${set}-i`).join(', ')}`,
      {
        incarnations: checked,
      },
    );
  },
);
