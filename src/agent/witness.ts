import type { ProcFs } from './kubelet-finder.ts';

/** A pod the agent watches for: its UID and its workload containers' IDs (the sandbox is not one). */
export interface WatchedPod {
  readonly uid: string;
  readonly containerIds: readonly string[];
}

/** What runs of one watched pod on this node, seen from the host's /proc. */
export interface PodSeen {
  readonly uid: string;
  /** The watched containers that have at least one process (their IDs, first 12 characters). */
  readonly containers: readonly string[];
  readonly pids: readonly number[];
}

/**
 * Parses the agent's `--witness` values: `<pod uid>=<container id>,<container id>…` (container IDs as in
 * the pod's status, `containerd://…` or bare). Undefined for a malformed one.
 */
export function parseWatched(value: string): WatchedPod | undefined {
  const [uid, ids] = value.split('=', 2);
  if (!uid || !/^[0-9a-f-]{8,}$/i.test(uid)) return undefined;
  const containerIds = (ids ?? '')
    .split(',')
    .map((c) => c.replace(/^[a-z-]+:\/\//, ''))
    .filter((c) => /^[0-9a-f]{12,}$/i.test(c));
  return containerIds.length ? { uid, containerIds } : undefined;
}

/**
 * Whether a process's cgroup (the text of /proc/<pid>/cgroup) is in this pod's cgroup: `pod<uid>` with the
 * cgroupfs driver, `pod<uid with underscores>` with the systemd driver.
 */
export function inPodCgroup(cgroup: string, uid: string): boolean {
  return cgroup.includes(`pod${uid}`) || cgroup.includes(`pod${uid.replaceAll('-', '_')}`);
}

/** The watched container (of `pod`) whose ID the cgroup path names, if any. */
export function containerOf(cgroup: string, pod: WatchedPod): string | undefined {
  if (!inPodCgroup(cgroup, pod.uid)) return undefined;
  return pod.containerIds.find((id) => cgroup.includes(id));
}

/**
 * The watched pods' containers that still have processes on this node: every process's cgroup is read
 * (a process that exits meanwhile is skipped). Each pod is listed, running nothing or not.
 */
export async function witness(fs: ProcFs, pods: readonly WatchedPod[]): Promise<PodSeen[]> {
  const seen = new Map(pods.map((p) => [p.uid, { containers: new Set<string>(), pids: [] as number[] }]));
  const pids = (await fs.readdir('/proc')).filter((d) => /^\d+$/.test(d));
  for (const pid of pids) {
    const cgroup = await fs.readFile(`/proc/${pid}/cgroup`).catch(() => undefined);
    if (!cgroup) continue;
    for (const pod of pods) {
      const id = containerOf(cgroup, pod);
      if (!id) continue;
      const s = seen.get(pod.uid);
      s?.containers.add(id.slice(0, 12));
      s?.pids.push(Number(pid));
    }
  }
  return pods.map((p) => {
    const s = seen.get(p.uid);
    return { uid: p.uid, containers: [...(s?.containers ?? [])].sort(), pids: s?.pids ?? [] };
  });
}

/**
 * The main process of a container as the host sees it: a process in its cgroup that is PID 1 of its own
 * PID namespace (the last NSpid field of its status is 1). Undefined when none runs.
 */
export async function mainProcessOf(
  fs: ProcFs,
  pod: WatchedPod,
  containerId: string,
): Promise<number | undefined> {
  const one: WatchedPod = { uid: pod.uid, containerIds: [containerId.replace(/^[a-z-]+:\/\//, '')] };
  for (const pid of (await fs.readdir('/proc')).filter((d) => /^\d+$/.test(d))) {
    const cgroup = await fs.readFile(`/proc/${pid}/cgroup`).catch(() => undefined);
    if (!cgroup || !containerOf(cgroup, one)) continue;
    const status = await fs.readFile(`/proc/${pid}/status`).catch(() => '');
    const nspid = /^NSpid:\s*(.+)$/m.exec(status)?.[1]?.trim().split(/\s+/);
    if (nspid && nspid.length > 1 && nspid.at(-1) === '1') return Number(pid);
  }
  return undefined;
}
