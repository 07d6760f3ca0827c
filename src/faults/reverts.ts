import { agentResume } from './agent-revert.ts';
import { restoreTemplateRevert } from './bad-release-ops.ts';
import { uncordon } from './node-cordon.ts';
import { untaint } from './node-fence.ts';
import { nodeUp } from './node-loss.ts';
import { healCommand, resumeProcesses } from './probe-breakage-revert.ts';
import { recreateStatefulSet } from './recreate-ops.ts';
import type { RevertAction, RevertDeps, RevertKind, RevertSpec } from './revert-types.ts';
import { scaleBack } from './scale-ops.ts';
import { restorePartition } from './update-ops.ts';

/** Every revert kind, and the action declared beside the fault that registers it. */
export const REVERTS: { readonly [K in RevertKind]: RevertAction<K> } = {
  uncordon,
  'resume-processes': resumeProcesses,
  'heal-command': healCommand,
  scale: scaleBack,
  'node-up': nodeUp,
  'agent-resume': agentResume,
  untaint,
  'restore-partition': restorePartition,
  'restore-template': restoreTemplateRevert,
  'recreate-statefulset': recreateStatefulSet,
};

export function isRevertKind(kind: string): kind is RevertKind {
  return Object.hasOwn(REVERTS, kind);
}

/** Runs the action of a spec's kind. */
export function runRevert(deps: RevertDeps, spec: RevertSpec): Promise<void> {
  const action = REVERTS[spec.kind] as RevertAction<RevertKind>;
  return action(deps, spec as never);
}

/** A ledger entry's kind and params as a spec; throws, naming the kind, when no fault declares it. */
export function specOf(kind: string, params: Readonly<Record<string, string>>): RevertSpec {
  if (!isRevertKind(kind)) throw new Error(`unknown revert kind ${kind}`);
  return { ...params, kind } as RevertSpec;
}
