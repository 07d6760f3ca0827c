import { specAt } from '../timeline/queries.ts';
import { podRef, when } from './format.ts';
import { skip, verdict } from './result.ts';
import { bounds, livedWithin, within } from './scope.ts';
import type { Check, Violation } from './types.ts';

const ID = 'ID-2';

/**
 * ID-2 hostname and subdomain: every incarnation of `S-i` has `spec.hostname = S-i` and
 * `spec.subdomain = H`, and the governing Service `H` exists and is headless for the whole run.
 */
export const id2Hostname: Check = {
  id: ID,
  title: 'hostname and subdomain',
  tags: ['identity', 'dns'],
  evaluate(input) {
    const { derived } = input;
    const b = bounds(input);
    const service = specAt(derived, b.to).serviceName;
    const violations: Violation[] = [];
    let checked = 0;
    for (const list of derived.ordinals.values()) {
      for (const inc of list) {
        if (!livedWithin(b, inc)) continue;
        checked += 1;
        if (inc.hostname !== inc.name)
          violations.push({
            at: inc.createdAt,
            ordinal: inc.ordinal,
            message: `${podRef(inc)} created at ${when(derived, inc.createdAt)} has hostname ${inc.hostname === undefined ? '(none)' : `"${inc.hostname}"`}, expected "${inc.name}"`,
          });
        if (inc.subdomain !== service)
          violations.push({
            at: inc.createdAt,
            ordinal: inc.ordinal,
            message: `${podRef(inc)} created at ${when(derived, inc.createdAt)} has subdomain ${inc.subdomain === undefined ? '(none)' : `"${inc.subdomain}"`}, expected the governing Service "${service}"`,
          });
      }
    }
    if (checked === 0) return skip(ID, `no pod of StatefulSet ${derived.target.name} was recorded`);

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
};
