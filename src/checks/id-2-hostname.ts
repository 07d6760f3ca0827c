import { specAt } from '../timeline/queries.ts';
import { defineCheck } from './define.ts';
import { when } from './format.ts';
import { incarnationsWithin, incarnationViolation, skipWithoutPods } from './per-incarnation.ts';
import { verdict } from './result.ts';
import { within } from './scope.ts';
import type { Check, Violation } from './types.ts';

const ID = 'ID-2';

/**
 * ID-2 hostname and subdomain: every incarnation of `S-i` has `spec.hostname = S-i` and
 * `spec.subdomain = H`, and the governing Service `H` exists and is headless for the whole run.
 */
export const id2Hostname: Check = defineCheck(
  { id: ID, title: 'hostname and subdomain', tags: ['identity', 'dns'] },
  ({ derived, bounds: b }) => {
    const service = specAt(derived, b.to).serviceName;
    const violations: Violation[] = [];
    const incarnations = incarnationsWithin(derived, b);
    for (const inc of incarnations) {
      if (inc.hostname !== inc.name)
        violations.push(
          incarnationViolation(
            derived,
            inc,
            `has hostname ${inc.hostname === undefined ? '(none)' : `"${inc.hostname}"`}, expected "${inc.name}"`,
          ),
        );
      if (inc.subdomain !== service)
        violations.push(
          incarnationViolation(
            derived,
            inc,
            `has subdomain ${inc.subdomain === undefined ? '(none)' : `"${inc.subdomain}"`}, expected the governing Service "${service}"`,
          ),
        );
    }
    const checked = incarnations.length;
    if (checked === 0) return skipWithoutPods(ID, derived);

    const svc = derived.services.get(service);
    if (!svc) {
      violations.push({
        at: b.from,
        message: `governing Service ${service} was not seen in the timeline (it must exist and be headless)`,
      });
    } else {
      if (!svc.headless)
        violations.push({
          at: svc.createdAt,
          message: `governing Service ${service} is not headless (clusterIP is not None)`,
        });
      if (svc.deletedAt !== undefined && within(b, svc.deletedAt))
        violations.push({
          at: svc.deletedAt,
          message: `governing Service ${service} was deleted at ${when(derived, svc.deletedAt)}`,
        });
    }
    return verdict(
      ID,
      violations,
      `${checked} incarnations had hostname S-i and subdomain ${service}; Service ${service} exists and is headless`,
      { incarnations: checked },
    );
  },
);
