import { promises as dns } from 'node:dns';
import { checkOptions, evaluateAll } from '../checks/index.ts';
import type { CheckResult } from '../checks/types.ts';
import { ChaosError, ExitCode } from '../errors.ts';
import type { Fault, FaultEnv, FaultRun, Victim } from '../faults/types.ts';
import type { ApiUsage, StepReport } from '../report/types.ts';
import { WaitTimeoutError } from '../timeline/recorder.ts';
import { Duration } from '../util/duration.ts';
import { DataCheck } from './data-check.ts';
import { TargetGuard } from './guard.ts';
import { markerPaths, readMarkers, writeMarkers } from './markers.ts';
import { planReads } from './read-plan.ts';
import type { Json } from './target.ts';
import { ordinals, podName } from './target.ts';
import { describePods, isReady, podsByName, waitForHealthy } from './waits.ts';

export class InterruptedError extends ChaosError {
  constructor() {
    super(ExitCode.Interrupted, 'interrupted: every fault was reverted');
  }
}

/** The run stopped itself: the target changed under it, or stayed unready past its budget. */
export class AbortedError extends ChaosError {
  constructor(reason: string) {
    super(ExitCode.Interrupted, `aborted: ${reason}`);
    this.name = 'AbortedError';
  }
}

/** What a fault gets, and what the session adds. */
export interface SessionDeps extends FaultEnv {
  readonly runId: string;
  /** Whether this process runs inside the cluster (ID-3 resolves names only from there). */
  readonly inCluster: boolean;
  /** Whether exec works in the target's pods (preflight); without it the VOL-3 markers are not tried. @default true */
  readonly execWorks?: boolean;
  /** API use so far (counters that only grow); the step reports what it adds from injection to verdict. */
  readonly usage?: () => ApiUsage;
}

function usageDelta(before: ApiUsage, after: ApiUsage): ApiUsage {
  const requests: Record<string, number> = {};
  for (const [verb, n] of Object.entries(after.requests)) {
    const d = n - (before.requests[verb] ?? 0);
    if (d > 0) requests[verb] = d;
  }
  return { requests, watches: after.watches - before.watches, execs: after.execs - before.execs };
}

/** The state of a run that the suites drive: each fault step, and the verdict of each check on it. */
export class Session {
  readonly deps: SessionDeps;
  readonly steps: StepReport[] = [];
  #markerSeq = 0;
  /** VOL-3 markers are written and read: there is a path for them and exec works. */
  readonly #markers: boolean;
  readonly #data: DataCheck | undefined;
  readonly #guard: TargetGuard;
  readonly #halt = new AbortController();
  /** Aborted on a signal (SIGTERM) or when the run aborts itself. */
  readonly #signal: AbortSignal;
  #abortReason: string | undefined;

  constructor(deps: SessionDeps) {
    this.deps = deps;
    this.#signal = AbortSignal.any([deps.signal, this.#halt.signal]);
    this.#markers = deps.execWorks !== false && markerPaths(deps.target, deps.config.dataPaths).length > 0;
    this.#guard = new TargetGuard(deps.recorder, deps.target);
    const dc = deps.config.dataCheck;
    this.#data = dc ? new DataCheck(dc, deps.exec, deps.recorder, deps.target, deps.runId) : undefined;
  }

  get env(): FaultEnv {
    const { http, exec, recorder, reverts, log, config, target } = this.deps;
    return { http, exec, recorder, reverts, log, config, target, signal: this.#signal };
  }

  /** Starts the blast-radius guard (after the recorder has started). */
  start(): void {
    this.#guard.start((reason) => this.abort(reason));
  }

  stop(): void {
    this.#guard.stop();
  }

  /** Why the run aborted itself, if it did. */
  get abortReason(): string | undefined {
    return this.#abortReason;
  }

  /** Stops the run: the current step's waits end, the next steps do not run, and every fault is reverted. */
  abort(reason: string): void {
    if (this.#abortReason) return;
    this.#abortReason = reason;
    this.deps.log.warn({ abort: true }, `aborting: ${reason}; reverting every fault`);
    this.#halt.abort();
  }

  #victim(nodeFault: boolean): Victim | string {
    const { recorder, target, config } = this.deps;
    const pods = podsByName(recorder);
    const all = ordinals(target);
    const byNode = new Map<string, number>();
    for (const i of all) {
      const n = pods.get(podName(target, i))?.spec?.nodeName;
      if (n) byNode.set(n, (byNode.get(n) ?? 0) + 1);
    }
    const candidates = config.ordinal !== undefined ? [config.ordinal] : [...all].reverse();
    for (const i of candidates) {
      const p = pods.get(podName(target, i));
      if (!p) continue;
      const node = p.spec?.nodeName ?? '';
      if (nodeFault && (byNode.get(node) ?? 0) > config.maxDisrupted) continue;
      return {
        ordinal: i,
        pod: p.metadata.name,
        uid: p.metadata.uid,
        node,
        restartCount: (p.status?.containerStatuses ?? []).reduce(
          (n: number, c: Json) => n + (c.restartCount ?? 0),
          0,
        ),
      };
    }
    if (nodeFault)
      return `every node of ${target.name} holds more than --max-disrupted=${config.maxDisrupted} of its pods: a node fault would disrupt more ordinals at once than allowed`;
    return config.ordinal !== undefined
      ? `${podName(target, config.ordinal)} does not exist`
      : 'the target has no pods';
  }

  #checkInterrupted(): void {
    if (this.deps.signal.aborted) throw new InterruptedError();
    if (this.#abortReason) throw new AbortedError(this.#abortReason);
  }

  /**
   * One fault step: wait for the target to be healthy, write the VOL-3 markers, inject the fault, wait
   * (event-driven) for recovery within the budget, end the fault, read the markers back, and evaluate
   * the checks on the window of the step.
   */
  async faultStep(suite: string, fault: Fault, checkIds: readonly string[]): Promise<StepReport> {
    const { recorder, target, config, log } = this.deps;
    this.#checkInterrupted();
    // Node loss disrupts every target pod on the node; cordon and drain only move the victim.
    const nodeFault = fault.name === 'node-loss';
    await waitForHealthy(recorder, target, config.budget, this.#signal).catch((e) => {
      this.#checkInterrupted();
      if (e instanceof WaitTimeoutError) {
        this.abort(
          `${target.namespace}/${target.name} was not healthy within its budget (${config.budget}) before ${fault.name}: ${e.message}`,
        );
        this.#checkInterrupted();
      }
      throw e;
    });
    const victim = this.#victim(nodeFault);
    const label = `${fault.name}${fault.variant ? ` (${fault.variant})` : ''}`;
    const skipReason = typeof victim === 'string' ? victim : await fault.applicable(this.env, victim);
    const from = Date.now();
    if (typeof victim === 'string' || skipReason) {
      const reason = skipReason ?? String(victim);
      log.info({ suite, fault: label }, `skipping ${label}: ${reason}`);
      const step: StepReport = {
        title: label,
        suite,
        fault: fault.name,
        startedAt: from,
        endedAt: from,
        results: checkIds.map((id) => ({
          id,
          status: 'skip',
          reason: `${label} cannot run: ${reason}`,
          violations: [],
        })),
      };
      this.steps.push(step);
      return step;
    }
    const title = `${label} ${victim.pod}`;
    log.info({ suite, fault: label, pod: victim.pod, node: victim.node }, `fault: ${title}`);
    if (this.#markers)
      await writeMarkers(
        this.deps.exec,
        recorder,
        target,
        config.dataPaths,
        this.deps.runId,
        ++this.#markerSeq,
      ).catch((e) => log.warn({ err: (e as Error).message }, 'could not write VOL-3 markers'));
    if (this.#data && !(await this.#data.write()))
      log.warn({ suite, fault: label }, 'the data check write was not acknowledged before the fault');
    let run: FaultRun | undefined;
    const stopRoles = this.#sampleRoles();
    const usageBefore = this.deps.usage?.();
    const injectedAt = Date.now();
    const laps: Record<string, number> = {};
    const lap = (what: string) => {
      laps[what] = Date.now();
    };
    let recoveredAt: number | undefined;
    const stepDone = new AbortController();
    let earlyReads: () => Promise<Map<number, string | undefined>> = async () => new Map();
    const ours = fault.name === 'scale';
    let timedOut: string | undefined;
    let read = new Map<number, string | undefined>();
    try {
      if (ours) this.#guard.ours(true);
      run = await fault.inject(this.env, victim);
      earlyReads = this.#readAsRunning(victim, run, stepDone.signal);
      await this.#waitRecovered(victim, run).catch((e) => {
        // Only the recovery wait's deadline is the budget; a fault's own waits time out for other reasons.
        if (e instanceof WaitTimeoutError) timedOut = e.message;
        throw e;
      });
      recoveredAt = recorder.store.lastAt;
      lap('recovered');
    } catch (e) {
      this.#checkInterrupted();
      if (!(e instanceof WaitTimeoutError)) throw e;
      log.warn({ fault: label }, e.message);
      recorder.store.mark({
        mark: 'note',
        fault: fault.name,
        ordinal: victim.ordinal,
        details: { timeout: e.message },
      });
    } finally {
      stepDone.abort();
      try {
        if (run?.afterRecovery) await run.afterRecovery();
        await stopRoles();
      } finally {
        // Reads still in flight end first, whatever happened (nothing may append after the recording ends).
        read = await earlyReads().catch(() => new Map<number, string | undefined>());
        lap('early reads');
      }
    }
    this.#checkInterrupted();
    // The markers read while the target recovered count if the ordinal still has that pod; the rest now.
    const podsNow = podsByName(recorder);
    const unread = ordinals(target).filter(
      (i) => !read.has(i) || read.get(i) !== podsNow.get(podName(target, i))?.metadata?.uid,
    );
    if (this.#markers)
      await readMarkers(this.deps.exec, recorder, target, config.dataPaths, unread).catch(() => {});
    lap('marker reads');
    await this.#data?.verify(this.#signal);
    await this.#dnsSamples();
    const to = Date.now();
    const results = this.#evaluate(checkIds, from, to, fault.name);
    const verdictAt = Date.now();
    log.debug(
      { fault: label, laps: { ...laps, verdict: verdictAt, lastEvent: recorder.store.lastAt } },
      'step laps',
    );
    const usageAfter = this.deps.usage?.();
    await run
      ?.cleanup?.()
      .catch((e: Error) => log.warn({ fault: label }, `cleanup after ${label} failed: ${e.message}`));
    if (ours) this.#guard.ours(false);
    // Past its budget the target is not healthy enough for another fault: stop here, revert, report.
    if (timedOut)
      this.abort(`${target.namespace}/${target.name} stayed unready past its budget after ${title}`);
    const rec = results.find((r) => r.id === 'REC-1');
    const recovery = rec?.measurements ? recoverySplit(rec.measurements) : undefined;
    const step: StepReport = {
      title,
      suite,
      fault: fault.name,
      ordinal: victim.ordinal,
      node: victim.node,
      startedAt: from,
      endedAt: to,
      results,
      ...(recovery ? { recovery } : {}),
      timing: { injectedAt, ...(recoveredAt !== undefined ? { recoveredAt } : {}), verdictAt },
      ...(usageBefore && usageAfter ? { api: usageDelta(usageBefore, usageAfter) } : {}),
    };
    this.steps.push(step);
    for (const r of results)
      log.info(
        { check: r.id, status: r.status, step: title },
        `${r.id} ${r.status.toUpperCase()}: ${r.reason}`,
      );
    return step;
  }

  /**
   * VOL-3 reads overlapped with the recovery: each ordinal's markers are read as soon as its pod runs
   * again (the victim: its new incarnation or restarted container, before it is Ready), so that the
   * verdict does not wait for execs after the last Ready event. A new pod is tried once already at the
   * kubelet's `Started` event for its container, which comes up to a PLEG period (1 s) before the pod's
   * status says running; a try whose exec fails (the container does not run yet) leaves it to the
   * status. Returns the function that awaits the reads started; an ordinal whose pod changes after its
   * read is read again after recovery.
   */
  #readAsRunning(
    victim: Victim,
    run: FaultRun,
    signal: AbortSignal,
  ): () => Promise<Map<number, string | undefined>> {
    const { recorder, target, config, exec } = this.deps;
    if (!this.#markers) return async () => new Map();
    const pending = new Set(ordinals(target));
    const reads: Promise<Map<number, string | undefined>>[] = [];
    const tried = new Set<string>();
    const kick = () => {
      const pods = podsByName(recorder);
      const { now, early } = planReads({
        pending,
        podOf: (i) => pods.get(podName(target, i)),
        victimOrdinal: victim.ordinal,
        victimUid: victim.uid,
        victimChanged: (p) => changed(victim, run, p),
        container: target.container,
        events: () => recorder.objects<Json>('Event'),
        tried,
      });
      for (const { ordinal: i, uid } of early) {
        tried.add(uid);
        reads.push(
          readMarkers(exec, recorder, target, config.dataPaths, [i], { once: true }).then((m) => {
            if (m.get(i) === uid && podsByName(recorder).get(podName(target, i))?.metadata.uid === uid)
              pending.delete(i);
            return m;
          }),
        );
      }
      for (const i of now) pending.delete(i);
      if (now.length) reads.push(readMarkers(exec, recorder, target, config.dataPaths, now));
      return pending.size === 0;
    };
    const waited = recorder
      .waitFor('every ordinal to run again', config.budget, kick, () => `${pending.size} not running`, signal)
      .catch(() => undefined);
    return async () => {
      await waited;
      const out = new Map<number, string | undefined>();
      for (const m of await Promise.all(reads)) for (const [k, v] of m) out.set(k, v);
      return out;
    };
  }

  async #waitRecovered(victim: Victim, run: FaultRun): Promise<void> {
    const { recorder, target, config } = this.deps;
    const victimOk = (pods: Map<string, Json>) => {
      const p = pods.get(victim.pod);
      if (!p || !isReady(p) || p.metadata.deletionTimestamp) return false;
      return changed(victim, run, p);
    };
    await recorder.waitFor(
      `${target.namespace}/${target.name} to recover from the fault on ${victim.pod}`,
      config.budget,
      () => {
        const pods = podsByName(recorder);
        return (
          victimOk(pods) &&
          ordinals(target).every((i) => {
            const p = pods.get(podName(target, i));
            return p && isReady(p) && !p.metadata.deletionTimestamp;
          })
        );
      },
      () => describePods(recorder, target),
      this.#signal,
    );
  }

  /**
   * SB-4: runs the user's role query in every ordinal's pod every interval while a fault step lasts,
   * recording each answer as a role sample. Returns the function that stops it.
   */
  #sampleRoles(): () => Promise<void> {
    const q = this.deps.config.roleQuery;
    if (!q) return async () => {};
    const { recorder, target, exec } = this.deps;
    let stopped = false;
    const loop = (async () => {
      while (!stopped && !this.#signal.aborted) {
        const pods = podsByName(recorder);
        await Promise.all(
          ordinals(target).map(async (i) => {
            const pod = podName(target, i);
            const p = pods.get(pod);
            if (p?.status?.phase !== 'Running') return;
            try {
              const r = await exec.run(
                target.namespace,
                pod,
                target.container,
                q.command,
                Duration.seconds(10),
              );
              const value = r.stdout.trim().split('\n').at(-1)?.trim() ?? '';
              recorder.store.sample({
                probe: 'role',
                ordinal: i,
                pod,
                uid: p.metadata.uid,
                ok: r.exitCode === 0,
                value: r.exitCode === 0 ? value : r.stderr.trim().slice(0, 200),
              });
            } catch (e) {
              recorder.store.sample({
                probe: 'role',
                ordinal: i,
                pod,
                uid: p.metadata.uid,
                ok: false,
                value: (e as Error).message.slice(0, 200),
              });
            }
          }),
        );
        await new Promise((r) => setTimeout(r, q.interval.toMilliseconds()));
      }
    })();
    return async () => {
      stopped = true;
      await loop;
    };
  }

  /** ID-3: from inside the cluster, resolve every ordinal's stable name and record what it resolves to. */
  async #dnsSamples(): Promise<void> {
    if (!this.deps.inCluster) return;
    const { recorder, target } = this.deps;
    const pods = podsByName(recorder);
    await Promise.all(
      ordinals(target).map(async (i) => {
        const pod = podName(target, i);
        const fqdn = `${pod}.${target.serviceName}.${target.namespace}.svc.cluster.local`;
        const uid = pods.get(pod)?.metadata?.uid;
        try {
          const addrs = await dns.resolve4(fqdn);
          recorder.store.sample({ probe: 'dns', ordinal: i, pod, uid, ok: true, value: addrs.join(',') });
        } catch (e) {
          recorder.store.sample({
            probe: 'dns',
            ordinal: i,
            pod,
            uid,
            ok: false,
            value: (e as Error).message,
          });
        }
      }),
    );
  }

  #evaluate(ids: readonly string[], from: number, to: number, fault: string): CheckResult[] {
    const timeline = this.deps.recorder.store.timeline();
    const results = evaluateAll(timeline, {
      ids,
      window: { from, to, fault },
      options: checkOptions({
        budget: this.deps.config.budget,
        ...(this.deps.config.roleQuery ? { primaryValues: this.deps.config.roleQuery.primaryValues } : {}),
      }),
    });
    if (!this.deps.inCluster) {
      return results.map((r) =>
        r.id === 'ID-3'
          ? {
              ...r,
              status: 'skip',
              reason: 'DNS is checked from inside the cluster only (run as the Job); this run is outside it',
              violations: [],
            }
          : r,
      );
    }
    return results;
  }
}

/** Whether the victim's pod shows the change its fault expects (a new uid, a restart; `ready`: none). */
function changed(victim: Victim, run: FaultRun, p: Json): boolean {
  if (run.expect === 'new-uid') return p.metadata.uid !== victim.uid;
  if (run.expect === 'restart')
    return (
      p.metadata.uid !== victim.uid ||
      (p.status?.containerStatuses ?? []).reduce((n: number, c: Json) => n + (c.restartCount ?? 0), 0) >
        victim.restartCount
    );
  return true;
}

/** REC-1's measurements of the slowest ordinal as the report's phases: deletion … ready, total (ms). */
function recoverySplit(m: Readonly<Record<string, number>>): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(m)) {
    if (k.startsWith('fault') || !k.endsWith('Ms')) continue;
    const phase = k.slice(0, -2);
    const name = { recovery: 'total', volumeAttach: 'attach', containerStart: 'start' }[phase] ?? phase;
    out[name] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

let current: Session | undefined;

export function setSession(s: Session | undefined): void {
  current = s;
}

/** The session the suites run in (set by `run` before mocha loads them). */
export function session(): Session {
  if (!current) throw new Error('no sts-chaos session: suites run through `sts-chaos run`');
  return current;
}

/** Turns a check result into a mocha outcome: skip → pending with the reason, fail → an error. */
export function verdict(ctx: Mocha.Context, step: StepReport | undefined, id: string): void {
  const r = step?.results.find((x) => x.id === id);
  if (!r) throw new Error(`${id}: not evaluated (the step did not run)`);
  if (r.status === 'skip') {
    if (ctx.test) ctx.test.title += ` (skipped: ${r.reason})`;
    ctx.skip();
  }
  if (r.status === 'fail') throw new Error(`${id} FAIL: ${r.reason}`);
}

export const STEP_TIMEOUT = Duration.minutes(15).toMilliseconds();
