import type { RevertHandle } from '../engine/reverts.ts';

/** How a node is lost and brought back: the lab's or the user's commands, or the node agent. */
export interface LossMeans {
  /** The revert, registered before anything acts: the node back, whatever happens. */
  readonly undo: RevertHandle;
  /** Makes the node stop answering (the caller then waits for NotReady). */
  down(): Promise<void>;
  /** Settles when the means ended on its own, without the node coming back by the run's hand (an agent refused). */
  readonly ended?: Promise<string>;
  /**
   * Brings the node back (the revert included) and gathers what the node showed of the old containers;
   * `replaced`: a new incarnation is expected, so the old containers must stop. `markBack` is called once,
   * when the node's kubelet runs again (the fault's end), before the old containers are waited for.
   */
  back(replaced: boolean, markBack: () => void): Promise<void>;
  /** Stops what the means watches (called once the fault has ended, however it ended). @default nothing */
  close?(): Promise<void>;
}
