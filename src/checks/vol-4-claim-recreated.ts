import type { ClaimIncarnation } from '../timeline/incarnations.ts';
import { incarnationAt, lastStatefulSetBy } from '../timeline/queries.ts';
import { defineVolumeCheck } from './define.ts';
import { list, podRef, when } from './format.ts';
import { skip, verdict } from './result.ts';
import { within } from './scope.ts';
import type { Check, Violation } from './types.ts';

const ID = 'VOL-4';

/**
 * VOL-4 claim recreated: a claim deleted while its pod lives stays (Terminating, pvc-protection) until that
 * pod object is gone, then comes back under the same name with a new UID. Whether the new claim got a new
 * volume (the data is lost) is reported in the reason and the measurements, never hidden.
 */
export const vol4ClaimRecreated: Check = defineVolumeCheck(
  { id: ID, title: 'claim recreated', tags: ['volume'] },
  ({ derived, bounds: b }) => {
    const violations: Violation[] = [];
    const reports: string[] = [];
    let subjects = 0;
    let lost = 0;
    for (const [name, list] of derived.claims) {
      list.forEach((claim: ClaimIncarnation, i: number) => {
        const asked = claim.deletionRequestedAt;
        if (asked === undefined || !within(b, asked)) return;
        // Deleted while the StatefulSet was gone or going: its retention policy's (VOL-5), not a fault's.
        const sts = lastStatefulSetBy(derived, asked)?.deletionRequestedAt;
        if (sts !== undefined && sts <= asked) return;
        const pod = incarnationAt(derived, claim.ordinal, asked);
        if (!pod?.claims.includes(name)) return;
        subjects += 1;
        const old = `claim ${name} (uid ${claim.uid}${claim.volumeName ? `, volume ${claim.volumeName}` : ''})`;
        if (
          claim.deletedAt !== undefined &&
          (pod.deletedAt === undefined || claim.deletedAt < pod.deletedAt)
        ) {
          violations.push({
            at: claim.deletedAt,
            ordinal: claim.ordinal,
            message: `${old} deleted at ${when(derived, asked)} was removed at ${when(derived, claim.deletedAt)} while ${podRef(pod)} still existed: pvc-protection did not hold`,
          });
          return;
        }
        const next = list[i + 1];
        if (!next) {
          violations.push({
            at: claim.deletedAt ?? asked,
            ordinal: claim.ordinal,
            message:
              claim.deletedAt === undefined
                ? `${old} deleted at ${when(derived, asked)} was still Terminating at the end of the run (${podRef(pod)} ${pod.deletedAt === undefined ? 'still existed' : `was gone at ${when(derived, pod.deletedAt)}`})`
                : `${old} deleted at ${when(derived, asked)} (gone at ${when(derived, claim.deletedAt)}) did not come back by the end of the run`,
          });
          return;
        }
        const sameVolume = next.volumeName !== undefined && next.volumeName === claim.volumeName;
        if (!sameVolume) lost += 1;
        reports.push(
          `${old} stayed until ${pod.name} was gone${pod.deletedAt === undefined ? '' : ` at ${when(derived, pod.deletedAt)}`}, came back as uid ${next.uid} at ${when(derived, next.createdAt)} ${
            sameVolume
              ? `on the same volume ${next.volumeName}`
              : `on ${next.volumeName ? `new volume ${next.volumeName}` : 'no volume yet'}: the data of ${claim.volumeName ?? 'the old claim'} is lost`
          }`,
        );
      });
    }
    if (subjects === 0) return skip(ID, 'no claim was deleted while its pod existed');
    return verdict(ID, violations, list(reports), { claimsDeleted: subjects, dataLost: lost });
  },
);
