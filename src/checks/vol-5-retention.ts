import type { ClaimIncarnation } from '../timeline/incarnations.ts';
import { incarnationAt, specAt } from '../timeline/queries.ts';
import { claimAt } from './claims.ts';
import { defineVolumeCheck } from './define.ts';
import { activeAt } from './faults.ts';
import { list, when } from './format.ts';
import { skip, verdict } from './result.ts';
import { deletionsWithin, judgeDeletions } from './retention-deletion.ts';
import { scaleChanges, scalingWithin } from './scaling.ts';
import type { Check, Violation } from './types.ts';

const ID = 'VOL-5';

/**
 * VOL-5 retention policy: after a scale-down, the claims of the removed ordinals are kept (whenScaled:
 * Retain) or deleted (Delete) once their pod is gone; after each deletion of a StatefulSet object, its
 * claims are kept (whenDeleted: Retain) or deleted (Delete), also when the StatefulSet is created again
 * (./retention-deletion.ts). A deletion with propagationPolicy Orphan keeps every claim whatever whenDeleted
 * says: the garbage collector orphans the claims (removes the StatefulSet's ownerReference) as it orphans
 * the pods (KEP-1847, "Non-Cascading Deletion"); a StatefulSet created again with whenDeleted Delete then
 * takes them over. Deletions by a claim-deletion fault do not count.
 */
export const vol5Retention: Check = defineVolumeCheck(
  { id: ID, title: 'retention policy', tags: ['volume', 'scale'] },
  ({ derived, bounds: b }) => {
    const templates = specAt(derived, b.to).claimTemplates;
    const changes = scaleChanges(derived);
    const downs = scalingWithin(derived, b, 'down');
    const deletions = deletionsWithin(derived, b);
    if (downs.length === 0 && deletions.length === 0)
      return skip(ID, 'no scale-down and no deletion of the StatefulSet happened during the run');
    if (derived.claims.size === 0)
      return skip(ID, `no PersistentVolumeClaim of ${derived.target.name} was recorded`);

    const byFault = (c: ClaimIncarnation, at: number) =>
      derived.faults.some(
        (f) =>
          f.fault === 'claim-deletion' &&
          (f.ordinal === undefined || f.ordinal === c.ordinal) &&
          activeAt(f, at),
      );
    const violations: Violation[] = [];
    const summaries: string[] = [];
    let judged = 0;
    /** Removed ordinals whose pod still existed at the end of what was looked at: their claims not judged. */
    const waiting = new Set<string>();

    for (const down of downs) {
      const policy = down.spec.whenScaled;
      const start = down.spec.ordinalsStart;
      for (let k = start + down.to; k < start + down.from; k++) {
        const readopted = changes.find((c) => c.at > down.at && c.spec.ordinalsStart + c.to > k);
        const deletion = deletions.find((o) => (o.deletionRequestedAt as number) >= down.at);
        const horizon = Math.min(readopted?.at ?? b.to, b.to, deletion?.deletionRequestedAt ?? b.to);
        const podStill = incarnationAt(derived, k, horizon);
        for (const t of templates) {
          const name = `${t}-${derived.target.name}-${k}`;
          const claim = claimAt(derived.claims.get(name), down.at);
          if (!claim) continue;
          const asked = claim.deletionRequestedAt;
          const deletedInTime = asked !== undefined && asked <= horizon;
          const context = `after scale-down ${down.from}→${down.to} at ${when(derived, down.at)} (whenScaled: ${policy})`;
          if (policy === 'Retain') {
            if (deletedInTime && !byFault(claim, asked)) {
              judged += 1;
              violations.push({
                at: asked,
                ordinal: k,
                message: `claim ${name} (uid ${claim.uid}) was deleted at ${when(derived, asked)} ${context}`,
              });
            } else if (!podStill) judged += 1;
            // While the pod is there, a kept claim says nothing: Delete would not have removed it yet either.
            else waiting.add(`${derived.target.name}-${k}`);
          } else if (!podStill) {
            judged += 1;
            if (!deletedInTime)
              violations.push({
                at: horizon,
                ordinal: k,
                message: `claim ${name} (uid ${claim.uid}) still existed at ${when(derived, horizon)} ${context}, although ${derived.target.name}-${k} was gone`,
              });
          } else waiting.add(`${derived.target.name}-${k}`);
        }
      }
      summaries.push(
        `scale-down ${down.from}→${down.to}: claims ${policy === 'Retain' ? 'kept' : 'deleted'} (whenScaled: ${policy})`,
      );
    }

    const deleted = judgeDeletions(derived, b, byFault);
    violations.push(...deleted.violations);
    summaries.push(...deleted.summaries);
    judged += deleted.judged;
    for (const w of deleted.waiting) waiting.add(w);
    if (judged === 0)
      return skip(
        ID,
        waiting.size > 0
          ? `${list([...waiting], 5, ', ')} still existed at the end of the run, so no kept or deleted claim of a removed pod could be compared with the policy`
          : 'no claim of a removed ordinal existed to judge',
      );
    return verdict(ID, violations, list(summaries), { claims: judged, claimsReplaced: deleted.replaced });
  },
);
