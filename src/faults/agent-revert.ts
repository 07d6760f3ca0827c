import { RESUME_ANNOTATION } from '../agent/run-watch.ts';
import { ApiError } from '../kube/http.ts';
import { isReady, type List, type Node } from '../kube/objects.ts';
import { Duration } from '../util/duration.ts';
import { sleep } from '../util/sleep.ts';
import { removeAgentPod } from './node-agent.ts';
import type { RevertAction, RevertDeps } from './revert-types.ts';

/** Asks the agents of `nodes` through the run's Lease (`namespace/name`) to resume now; a gone Lease is fine. */
export async function requestResume(deps: RevertDeps, lease: string, nodes: string | null): Promise<void> {
  const [ns, name] = lease.split('/', 2);
  if (!ns || !name) return;
  await deps.http
    .request('patch', `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/${name}`, {
      body: { metadata: { annotations: { [RESUME_ANNOTATION]: nodes } } },
      contentType: 'application/merge-patch+json',
    })
    .catch((e) => {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
    });
}

/** Past the agent's deadline, the time its resume and the node's next status report may take. */
const AFTER_DEADLINE = Duration.seconds(60);

/**
 * The revert of a node loss by the agent: ask it to resume now (the run's Lease; a run that died has
 * let the Lease lapse, and the agent's dead-man's switch has resumed already), wait for the node to be
 * Ready (by the agent's deadline and a minute at most), then delete the agent pod (the request stays). A node
 * still NotReady then is an error that says what to do on the node: a frozen kubelet cannot start a new
 * pod, so nothing from the API can resume it.
 */
export const agentResume: RevertAction<'agent-resume'> = async (deps, p) => {
  if (p.lease) await requestResume(deps, p.lease, p.node);
  const until = (Date.parse(p.deadline) || Date.now()) + AFTER_DEADLINE.toMilliseconds();
  let last = 'not read yet';
  for (let tick = 0; ; tick++) {
    // A list by name: the run's RBAC on nodes is list and watch (no get).
    const node = await deps.http
      .request<List<Node>>('list', '/api/v1/nodes', { query: { fieldSelector: `metadata.name=${p.node}` } })
      .then((l) => l.items[0] ?? new Error(`node ${p.node} not found`))
      .catch((e: Error) => e);
    if (!(node instanceof Error) && isReady(node)) break;
    last = node instanceof Error ? node.message : `Ready=${isReady(node)}`;
    if (Date.now() > until)
      throw new Error(
        `node ${p.node} is still not Ready ${AFTER_DEADLINE} past its node agent's deadline (${p.deadline}; last saw ${last}): its kubelet may still be stopped; on the node, as root: kill -CONT $(pgrep -x kubelet)`,
      );
    if (tick % 10 === 0)
      deps.log.info(
        { node: p.node },
        `waiting for node ${p.node} to be Ready again (${last}; agent deadline ${p.deadline})`,
      );
    // Never cut short by the run's signal: an aborted signal would make this a busy loop, and the revert
    // itself is never skipped (it has its own deadline above).
    await sleep(Duration.seconds(1));
  }
  // The request stays on the Lease: an agent that starts late (a slow image pull) resumes at once. The
  // next node loss clears it before its agent starts; the run's end deletes the Lease.
  await removeAgentPod(deps.http, p.namespace, p.pod);
};
