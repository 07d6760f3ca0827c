import type { Derived, FaultSpan, Incarnation } from '../timeline/incarnations.ts';
import { successorOf, taintedAt } from '../timeline/queries.ts';
import { defineCheck } from './define.ts';
import { incarnationsOnNode, isNodeLoss, nodeBackAt, nodeLossOf, nodeObservations } from './faults.ts';
import { list, podRef, span, when } from './format.ts';
import { skip, verdict } from './result.ts';
import { faultsInScope } from './scope.ts';
import type { Check, Violation } from './types.ts';

const ID = 'SB-2';
export const OUT_OF_SERVICE_TAINT = 'node.kubernetes.io/out-of-service';

export type Release = 'kubelet confirmation' | 'force delete' | 'node deletion' | 'out-of-service taint';

/** What let the old pod object go: judged from when it went relative to the node's state. */
export function releaseOf(
  derived: Derived,
  f: FaultSpan,
  old: Incarnation,
  back: number | undefined,
): Release {
  const gone = old.deletedAt ?? derived.endedAt;
  const node = f.node === undefined ? undefined : derived.nodes.get(f.node);
  const nodeDeleted = node?.deletions.some((d) => d >= f.startedAt && d <= gone) ?? false;
  if (back !== undefined && gone >= back) return nodeDeleted ? 'node deletion' : 'kubelet confirmation';
  if (nodeDeleted) return 'node deletion';
  if (node && taintedAt(node, OUT_OF_SERVICE_TAINT, gone)) return 'out-of-service taint';
  return 'force delete';
}

/**
 * Whether the fault's node was really lost: NotReady (or deleted) at some time from the fault's start on (the
 * status may only turn after a short fault's end mark, so no upper bound but the run's end).
 */
function nodeWentDown(derived: Derived, f: FaultSpan): boolean {
  const node = f.node === undefined ? undefined : derived.nodes.get(f.node);
  if (!node) return false;
  return (
    node.notReady.some((s) => s.to === undefined || s.to >= f.startedAt) ||
    node.deletions.some((d) => d >= f.startedAt)
  );
}

/**
 * SB-2 no unfenced replacement: after a node is lost, a replacement (new UID) for a pod that was on it must
 * not run while the old incarnation may still be running. For each replaced pod the reason names what released
 * the old object; when the fault left the node's containers running and the replacement ran before the node
 * came back (its kubelet then stops the old containers), it fails with the length of that split-brain window.
 */
export const sb2NoUnfencedReplacement: Check = defineCheck(
  { id: ID, title: 'no unfenced replacement', tags: ['split-brain', 'node-fault'] },
  ({ input, derived }) => {
    const faults = faultsInScope(input, isNodeLoss);
    if (faults.length === 0) return skip(ID, 'no node-loss fault happened during the run');

    const violations: Violation[] = [];
    const outcomes: string[] = [];
    let olds = 0;
    /** Old incarnations whose fate was compared with the node's loss. */
    let judged = 0;
    const untaken = new Set<string>();
    let worst = 0;
    for (const f of faults) {
      const { node, containersLeftRunning } = nodeLossOf(f);
      if (node === undefined) {
        outcomes.push(`node-loss at ${when(derived, f.startedAt)} names no node`);
        continue;
      }
      const back = nodeBackAt(derived, f);
      // What the node's own runtime ran while it was lost (the last look before it came back), else the
      // fault's configuration, said as such.
      const looked = nodeObservations(derived, node, f.startedAt, back ?? derived.endedAt).at(-1);
      const took = nodeWentDown(derived, f);
      for (const old of incarnationsOnNode(derived, node, f.startedAt)) {
        olds += 1;
        const leftRunning = looked ? looked.podUids.includes(old.uid) : containersLeftRunning;
        const lost = `node-loss of ${node} at ${when(derived, f.startedAt)} (containers ${leftRunning ? 'left running' : 'stopped'}: ${looked ? `observed on ${node} at ${when(derived, looked.at)}${leftRunning ? ` (${looked.containers.join(', ')})` : ''}` : 'not observed, as the node-loss mode says'})`;
        const next = successorOf(derived, old);
        if (!next) {
          const nodeState = derived.nodes.get(node);
          const down = nodeState?.notReady.find((x) => x.to === undefined || x.to >= f.startedAt)?.from;
          const until = back ?? old.deletedAt ?? derived.endedAt;
          const evicted = old.deletionRequestedAt;
          outcomes.push(
            `${old.name} ${evicted === undefined ? 'not evicted (its not-ready/unreachable tolerations outlasted the loss) and' : `marked for deletion at ${when(derived, evicted)} but`} not replaced${down === undefined ? '' : ` for ${span(Math.max(0, until - down))} after ${node} went NotReady at ${when(derived, down)}`}`,
          );
          // A pod left alone on a node that really went down is a fence kept; on a node that never did, nothing.
          if (took) judged += 1;
          else
            untaken.add(`node ${node} never went NotReady after ${f.fault} at ${when(derived, f.startedAt)}`);
          continue;
        }
        judged += 1;
        const release = releaseOf(derived, f, old, back);
        const released = `${podRef(old)} released by ${release}${old.deletedAt === undefined ? '' : ` at ${when(derived, old.deletedAt)}`}`;
        if (next.runningAt === undefined) {
          outcomes.push(`${released}; replacement ${next.uid} never ran`);
          continue;
        }
        const stopAt = back ?? derived.endedAt;
        // Seen on the node itself: the last look (lost or back) that still found the old containers.
        const seen = nodeObservations(derived, node, f.startedAt, derived.endedAt)
          .filter((o) => o.podUids.includes(old.uid))
          .at(-1);
        const seenAfter = seen && seen.at >= next.runningAt ? seen : undefined;
        if (seenAfter || (leftRunning && next.runningAt < stopAt)) {
          const until = Math.max(seenAfter?.at ?? 0, leftRunning && next.runningAt < stopAt ? stopAt : 0);
          const window = until - next.runningAt;
          worst = Math.max(worst, window);
          const why = seenAfter
            ? `${old.name} (uid ${old.uid}) was still running on ${node} at ${when(derived, seenAfter.at)} (seen there: ${seenAfter.containers.join(', ')})`
            : `the old containers could still run until ${back === undefined ? `the end of the run (${when(derived, stopAt)})` : `the node came back at ${when(derived, back)}`}`;
          violations.push({
            at: next.runningAt,
            ordinal: old.ordinal,
            message: `${lost}: ${released}; replacement ${podRef(next)} was Running at ${when(derived, next.runningAt)} while ${why}: split-brain window ${span(window)}`,
          });
        } else {
          outcomes.push(
            `${released}; replacement ${next.uid} Running at ${when(derived, next.runningAt)}${looked ? ` (${node}'s runtime observed at ${when(derived, looked.at)}: ${leftRunning ? 'old containers running' : 'old containers stopped'})` : ''}`,
          );
        }
      }
    }
    if (olds === 0)
      return skip(
        ID,
        `no pod of ${derived.target.name} was on a lost node (${faults.map((f) => f.node ?? '?').join(', ')})`,
      );
    if (judged === 0)
      return skip(
        ID,
        `${list([...untaken])}, and no pod on it was replaced: the loss did not take, so no replacement could be compared with a fence`,
      );
    return verdict(ID, violations, list(outcomes), { oldIncarnations: olds, splitBrainMs: worst });
  },
);
