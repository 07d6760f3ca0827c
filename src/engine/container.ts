import type { Container } from '../kube/objects.ts';

/** The container the faults, markers, role queries and probe freezes act on, and why it was picked. */
export interface PickedContainer {
  readonly name: string;
  /** One line for `plan` and the run's preflight. */
  readonly why: string;
}

function mountsPath(c: Container, path: string): boolean {
  return (c.volumeMounts ?? []).some(
    (m) => path === m.mountPath || path.startsWith(`${m.mountPath.replace(/\/$/, '')}/`),
  );
}

/** What makes a container the one that holds the state: the claims it mounts, the data paths, its probes. */
function merits(c: Container, templates: readonly string[], dataPaths: readonly string[]): string[] {
  const out: string[] = [];
  const claims = (c.volumeMounts ?? []).filter((m) => templates.includes(m.name)).map((m) => m.name);
  if (claims.length) out.push(`mounts the claim${claims.length > 1 ? 's' : ''} ${claims.join(', ')}`);
  const paths = dataPaths.filter((p) => mountsPath(c, p));
  if (paths.length) out.push(`mounts the data path${paths.length > 1 ? 's' : ''} ${paths.join(', ')}`);
  const probes = (['readiness', 'liveness'] as const).filter((k) => c[`${k}Probe`]);
  if (probes.length) out.push(`carries the ${probes.join(' and ')} probe${probes.length > 1 ? 's' : ''}`);
  return out;
}

/**
 * The container of the target's pods that holds the state: `named` when given; otherwise the one that
 * mounts the claims (and the data paths) and carries the probes, the first of them when several do as
 * well (then `why` names the others). Returns the refusal (a usage error: one line listing the
 * containers) when `named` does not exist or, among several containers, none mounts a claim or a data
 * path or carries a probe.
 */
export function pickContainer(
  containers: readonly Container[],
  templates: readonly string[],
  dataPaths: readonly string[],
  named: string | undefined,
): PickedContainer | string {
  const names = containers.map((c) => c.name).join(', ') || 'none';
  if (named) {
    if (containers.some((c) => c.name === named)) return { name: named, why: 'named by --container' };
    return `has no container "${named}" (its containers: ${names})`;
  }
  const only = containers.length === 1 ? containers[0] : undefined;
  if (only) return { name: only.name, why: 'its only container' };
  const scored = containers
    .map((c) => ({ c, m: merits(c, templates, dataPaths) }))
    .map((x) => ({ ...x, score: x.m.reduce((n, m) => n + (m.startsWith('carries') ? 1 : 2), 0) }));
  const best = Math.max(0, ...scored.map((x) => x.score));
  if (best === 0)
    return `has ${containers.length} containers (${names}) and none mounts a claim or a data path or carries a probe: name the one that holds the state with --container`;
  const top = scored.filter((x) => x.score === best);
  const [first] = top;
  if (!first) return `has no container`;
  const others = top.slice(1).map((x) => x.c.name);
  return {
    name: first.c.name,
    why: `${first.m.join(', ')}${others.length ? `; ${others.join(', ')} ${others.length > 1 ? 'qualify' : 'qualifies'} as well: --container picks another` : ''}`,
  };
}
