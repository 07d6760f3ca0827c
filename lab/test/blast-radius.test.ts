/**
 * Blast radius on the lab: the run aborts, reverts and reports when someone else scales or deletes its
 * target during a fault, and stops after a step whose target stayed unready past its budget.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { expect } from 'chai';
import type { RunReport } from '../../src/report/types.ts';
import { messages, noRunLeft, type Ran, type Started, start, why } from './cli-helpers.ts';
import { deployAs } from './fixtures.ts';
import { kubectl, kubectlJson } from './helpers.ts';

function report(r: Ran): RunReport {
  return JSON.parse(readFileSync(join(r.dir, 'report.json'), 'utf8')) as RunReport;
}

/** Resolves at the first log message that starts with `text`. */
function logged(run: Started, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    run.onLine((l) => {
      try {
        if (String((JSON.parse(l) as { msg?: string }).msg).startsWith(text)) resolve();
      } catch {
        // not a log line
      }
    });
    run.done.then((r) => reject(new Error(`the run ended before logging "${text}": ${why(r)}`)));
  });
}

describe('blast radius: the run aborts when its target changes under it', function () {
  this.timeout(240_000);
  const NS = 'blast-radius';
  const readiness = String.raw`\[probe-breakage readiness\]`;

  before(async () => {
    await deployAs('lab/manifests/demo.yaml', 'sts-demo', NS, 'web');
  });
  after(async () => {
    await kubectl('delete', 'namespace', NS, '--wait=false', '--ignore-not-found');
  });

  it('scaled by someone else during a probe freeze: exit 4, named, the process resumed, nothing left', async () => {
    const run = start(['run', '--target', `${NS}/web`, '--suites', 'probes', '--grep', readiness]);
    await logged(run, 'fault: ');
    await new Promise((r) => setTimeout(r, 1500));
    await kubectl('-n', NS, 'scale', 'statefulset/web', '--replicas=4');
    const r = await run.done;
    expect(r.code, why(r)).to.equal(4);
    const last = messages(r).at(-1) ?? '';
    expect(last).to.contain(`StatefulSet ${NS}/web was scaled from 3 to 4 replicas by someone else`);
    expect(report(r).reason).to.match(/^aborted: .*every fault was reverted$/);
    await noRunLeft(NS);
    // The frozen process got SIGCONT: the victim is Ready again without a restart.
    await kubectl('-n', NS, 'scale', 'statefulset/web', '--replicas=3');
    await kubectl('-n', NS, 'rollout', 'status', 'statefulset/web', '--timeout=120s');
    const pods = await kubectlJson<{ items: k8s.V1Pod[] }>('-n', NS, 'get', 'pods', '-l', 'app=web');
    // web-3, scaled away again, may still be terminating (no container status): the three that stay count.
    const kept = pods.items.filter((p) => ['web-0', 'web-1', 'web-2'].includes(p.metadata?.name ?? ''));
    expect(kept).to.have.length(3);
    for (const p of kept)
      expect(p.status?.containerStatuses?.[0]?.restartCount, p.metadata?.name).to.equal(0);
  });

  it('deleted by someone else during a fault: exit 4, named', async () => {
    const run = start(['run', '--target', `${NS}/web`, '--suites', 'probes', '--grep', readiness]);
    await logged(run, 'fault: ');
    await kubectl('-n', NS, 'delete', 'statefulset/web', '--cascade=orphan', '--wait=false');
    const r = await run.done;
    expect(r.code, why(r)).to.equal(4);
    expect(messages(r).at(-1)).to.match(
      new RegExp(`StatefulSet ${NS}/web (was|is being) deleted by someone else`),
    );
    await noRunLeft(NS);
  });

  it('stays unready past its budget: REC-1 fails, the next steps do not run, the reason says why', async () => {
    const ns = 'blast-neverready';
    await deployAs('lab/manifests/controls/never-ready-again.yaml', 'ctl-neverready', ns, 'once');
    try {
      const r = await start(['run', '--target', `${ns}/once`, '--suites', 'identity', '--budget', '15s'])
        .done;
      expect(r.code, why(r)).to.equal(1);
      const rep = report(r);
      expect(rep.steps.map((s) => s.title)).to.have.length(1);
      expect(rep.steps[0]?.results.find((x) => x.id === 'REC-1')?.status).to.equal('fail');
      expect(rep.reason).to.contain(
        `aborted: ${ns}/once stayed unready past its budget after pod-kill (graceful)`,
      );
      await noRunLeft(ns);
    } finally {
      await kubectl('delete', 'namespace', ns, '--wait=false', '--ignore-not-found');
    }
  });
});
