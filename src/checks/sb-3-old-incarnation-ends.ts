import { successorOf } from '../timeline/queries.ts';
import type { SampleEntry } from '../timeline/types.ts';
import { defineCheck } from './define.ts';
import { incarnationsOnNode, isNodeLoss, nodeBackAt, nodeObservations } from './faults.ts';
import { count, list, podRef, span, when } from './format.ts';
import { skip, verdict } from './result.ts';
import { faultsInScope } from './scope.ts';
import type { Check, Violation } from './types.ts';

const ID = 'SB-3';

/**
 * SB-3 old incarnation ends: once a lost node is back (fault end or revert, else Ready again) and the grace
 * has passed, no old incarnation that was on it is still around: a replaced one shows no sign of life (no probe
 * sample carries its UID, no node-containers observation on that node lists it), and one not replaced is not
 * left Terminating.
 */
export const sb3OldIncarnationEnds: Check = defineCheck(
  { id: ID, title: 'old incarnation ends', tags: ['split-brain', 'node-fault'] },
  ({ input, derived, options }) => {
    const faults = faultsInScope(input, isNodeLoss);
    if (faults.length === 0) return skip(ID, 'no node-loss fault happened during the run');
    const grace = options.nodeReturnGrace.toMilliseconds();

    // The last sample each UID answered.
    const lastSample = new Map<string, SampleEntry>();
    for (const kind of ['role', 'marker', 'dns'] as const)
      for (const s of derived.samples[kind]) if (s.uid && s.ok) lastSample.set(s.uid, s);

    const violations: Violation[] = [];
    const notes: string[] = [];
    let judged = 0;
    let observations = 0;
    for (const f of faults) {
      const node = f.node;
      if (node === undefined) continue;
      const back = nodeBackAt(derived, f);
      if (back === undefined) {
        notes.push(`node ${node} did not come back during the run`);
        continue;
      }
      const deadline = back + grace;
      // What the node's own runtime ran after it was back: within the grace for the evidence that the old
      // containers stopped, past it for a violation when they still run.
      const afterBack = nodeObservations(derived, node, back + 1, derived.endedAt);
      const seen = afterBack.filter((o) => o.at > deadline);
      observations += afterBack.length;
      // Signs of life are only looked for after the grace: a run that ended before it saw none.
      const pastGrace = derived.endedAt >= deadline;
      for (const old of incarnationsOnNode(derived, node, f.startedAt)) {
        const next = successorOf(derived, old);
        const after = `node ${node} came back at ${when(derived, back)}`;
        if (next) {
          const sample = lastSample.get(old.uid);
          if (sample && sample.at > deadline)
            violations.push({
              at: sample.at,
              ordinal: old.ordinal,
              message: `${podRef(old)}, replaced by ${next.uid}, still answered a ${sample.probe} probe at ${when(derived, sample.at)}, ${span(sample.at - back)} after ${after}`,
            });
          const observed = seen.find((o) => o.podUids.includes(old.uid));
          const stopped = afterBack.find((o) => !o.podUids.includes(old.uid));
          if (observed)
            violations.push({
              at: observed.at,
              ordinal: old.ordinal,
              message: `containers of ${podRef(old)}, replaced by ${next.uid}, were still running on ${node} at ${when(derived, observed.at)}, ${span(observed.at - back)} after ${after}`,
            });
          if (old.deletedAt === undefined)
            violations.push({
              at: next.createdAt,
              ordinal: old.ordinal,
              message: `${podRef(old)} still exists alongside its replacement ${next.uid} after ${after}`,
            });
          // The old pod object removed after the node came back: its kubelet confirmed its containers gone.
          const confirmed = old.deletedAt !== undefined && old.deletedAt >= back;
          if (pastGrace || confirmed || (stopped && !observed)) {
            judged += 1;
            const runtime = stopped
              ? `; ${node}'s runtime ran none of its containers at ${when(derived, stopped.at)}, ${span(stopped.at - back)} after it was back`
              : '';
            notes.push(
              confirmed
                ? `${old.name}: old ${old.uid} removed at ${when(derived, old.deletedAt as number)} once ${node} was back (its kubelet confirmed its containers gone)${runtime}, only ${next.uid} runs`
                : `${old.name}: old ${old.uid} gone${runtime}, only ${next.uid} runs`,
            );
          } else
            notes.push(
              `${old.name}: replaced by ${next.uid}, but the run ended within the grace after the node came back, before any sign of life of ${old.uid} was looked for`,
            );
        } else if (old.deletedAt === undefined && old.deletionRequestedAt !== undefined) {
          if (pastGrace) {
            judged += 1;
            violations.push({
              at: deadline,
              ordinal: old.ordinal,
              message: `${podRef(old)} was still Terminating on ${node} at the end of the run, ${span(derived.endedAt - back)} after ${after} (grace ${options.nodeReturnGrace})`,
            });
          } else notes.push(`${old.name}: run ended within the grace after the node came back`);
        } else if (old.deletedAt !== undefined) {
          judged += 1;
          notes.push(`${old.name}: ${old.uid} gone`);
        } else {
          // Neither replaced nor ended: no old incarnation had to end, so nothing was compared.
          notes.push(`${old.name}: same incarnation ${old.uid} kept running`);
        }
      }
    }
    if (judged === 0 && violations.length === 0)
      return skip(
        ID,
        notes.length > 0
          ? `${list(notes)}: no old incarnation that had to end was looked at after the grace`
          : `no pod of ${derived.target.name} was on a lost node`,
      );
    return verdict(
      ID,
      violations,
      `${list(notes)} (${count(observations, 'node-containers observation')} after the node was back)`,
      { oldIncarnations: judged, observations },
    );
  },
);
