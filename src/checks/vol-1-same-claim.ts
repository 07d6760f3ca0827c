import { parseOrdinal } from '../timeline/incarnations.ts';
import { specAt } from '../timeline/queries.ts';
import { skipWithoutClaims } from './claims.ts';
import { podRef, when } from './format.ts';
import { skip, verdict } from './result.ts';
import { bounds, livedWithin } from './scope.ts';
import type { Check, Violation } from './types.ts';

const ID = 'VOL-1';

/** VOL-1 same claim: every incarnation of `S-i` mounts `T-S-i` for every template T, and no other ordinal's claim. */
export const vol1SameClaim: Check = {
  id: ID,
  title: 'same claim',
  tags: ['volume'],
  evaluate(input) {
    const { derived } = input;
    const b = bounds(input);
    const none = skipWithoutClaims(ID, input, b);
    if (none) return none;
    const templates = specAt(derived, b.to).claimTemplates;
    const set = derived.target.name;

    const violations: Violation[] = [];
    let checked = 0;
    for (const list of derived.ordinals.values()) {
      for (const inc of list) {
        if (!livedWithin(b, inc)) continue;
        checked += 1;
        for (const t of templates) {
          const own = `${t}-${inc.name}`;
          if (inc.claims.includes(own)) continue;
          const other = inc.claims.find((c) => parseOrdinal(c, `${t}-${set}-`) !== undefined);
          violations.push({
            at: inc.createdAt,
            ordinal: inc.ordinal,
            message: other
              ? `${podRef(inc)} created at ${when(derived, inc.createdAt)} mounts ${other}, another ordinal's claim, instead of ${own}`
              : `${podRef(inc)} created at ${when(derived, inc.createdAt)} does not mount ${own} (claims: ${inc.claims.join(', ') || 'none'})`,
          });
        }
      }
    }
    if (checked === 0) return skip(ID, `no pod of StatefulSet ${set} was recorded`);
    return verdict(
      ID,
      violations,
      `${checked} incarnations each mounted their own ${templates.map((t) => `${t}-${set}-i`).join(', ')}`,
      {
        incarnations: checked,
      },
    );
  },
};
