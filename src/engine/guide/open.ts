/**
 * Which gate a guided run (`--step`) waits at: the terminal when stdin is one, else, in a cluster Job,
 * the Job's annotation; anywhere else nobody could answer, and the run is refused before it starts.
 */
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { UsageError } from '../../errors.ts';
import type { KubeHttp } from '../../kube/http.ts';
import { CONTINUE_ANNOTATION } from './annotation.ts';
import { ClusterGate } from './cluster.ts';
import type { Guide } from './gate.ts';
import { TerminalGate } from './terminal.ts';

/** The environment variables that name the run's own Job (the chart sets them through the downward API). */
export const JOB_NAME_ENV = 'STS_CHAOS_JOB_NAME';
export const JOB_NAMESPACE_ENV = 'STS_CHAOS_JOB_NAMESPACE';

export interface GuideDeps {
  readonly env: NodeJS.ProcessEnv;
  /** The operator's answers on a terminal (the process's stdin). */
  readonly stdin: Readable & { readonly isTTY?: boolean };
  /** Where a terminal gate writes the plan and the prompt (the process's stderr). */
  readonly stderr: { write(text: string): unknown };
  readonly http: Pick<KubeHttp, 'request' | 'watchStream'>;
  readonly log: Logger;
}

/** Where the operator of a guided run answers: the terminal, or the annotation on this Job. */
export type GuideWhere =
  | { readonly kind: 'terminal' }
  | { readonly kind: 'cluster'; readonly namespace: string; readonly job: string };

/**
 * Where the operator can answer; a UsageError (exit 2) when nowhere: checked before the run touches
 * anything.
 */
export function whereToGuide(env: NodeJS.ProcessEnv, stdin: { readonly isTTY?: boolean }): GuideWhere {
  if (stdin.isTTY) return { kind: 'terminal' };
  if (env.KUBERNETES_SERVICE_HOST) {
    const job = env[JOB_NAME_ENV]?.trim();
    const namespace = env[JOB_NAMESPACE_ENV]?.trim();
    if (!job || !namespace)
      throw new UsageError(
        `--step in a cluster needs ${JOB_NAME_ENV} and ${JOB_NAMESPACE_ENV}, the run's own Job, to read the operator's answers from (the chart sets them with guided: true)`,
      );
    return { kind: 'cluster', namespace, job };
  }
  throw new UsageError(
    '--step waits for an operator before each fault step, but stdin is not a terminal and this is not a cluster Job: run it on a terminal, or as a Job of the chart with guided: true (answered by the annotation sts-chaos.io/continue on the Job)',
  );
}

/** Opens the gate of a guided run: reads the terminal, or reads and watches the Job (a UsageError naming it when it cannot). */
export async function openGuide(d: GuideDeps): Promise<Guide> {
  const where = whereToGuide(d.env, d.stdin);
  if (where.kind === 'terminal') return new TerminalGate({ input: d.stdin, output: d.stderr });
  const { namespace, job } = where;
  const gate = await ClusterGate.open({ http: d.http, namespace, job, log: d.log });
  d.log.info(
    { job: `${namespace}/${job}` },
    `guided: each step waits for the annotation ${CONTINUE_ANNOTATION}=<step number> on job/${job} (skip:<n> skips it, abort aborts the run)`,
  );
  return gate;
}
