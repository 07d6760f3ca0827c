/**
 * A fault that had no effect is never a pass, and never sinks the run (issue 13, class 3): each negative
 * control below gave a wrong verdict before (a wait of the whole budget and an abort, exit 4, or a check
 * judged on nothing); now the step is skipped with the way out, or is an error (exit 1, JUnit <error>),
 * and the other steps still run. Needs `lab up`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { StepReport } from '../../src/report/types.ts';
import { noRunLeft, type Ran, stsChaos, why } from './cli-helpers.ts';
import { deploy, reportOf } from './fixtures.ts';
import { kubectl, kubectlJson } from './helpers.ts';

const report = reportOf;
const stepOf = (r: Ran, fault: string, variant = ''): StepReport | undefined =>
  report(r).steps.find((s) => s.fault === fault && s.title.includes(variant));
const took = (r: Ran) => `exit ${r.code} in ${(r.ms / 1000).toFixed(1)} s`;

describe('a fault without effect', function () {
  this.timeout(600_000);

  describe('process kill of a shell-less PID 1 without a SIGTERM handler, through an ephemeral container (ctl-mute)', () => {
    before(() => deploy('no-shell-no-handler.yaml', 'ctl-mute', 'mute'));
    after(() => kubectl('delete', 'namespace', 'ctl-mute', '--wait=false'));

    it("reads PID 1's handlers from the ephemeral container and skips within seconds (before: error after grace + 15 s, exit 1)", async () => {
      const r = await stsChaos([
        'run',
        '--target',
        'ctl-mute/mute',
        '--suites',
        'volumes',
        '--grep',
        'process-kill',
        '--debug-image',
        'localhost/lab/busybox:latest',
      ]);
      console.log(`      ${took(r)}`);
      expect(r.code, why(r)).to.equal(0);
      const step = stepOf(r, 'process-kill');
      expect(step?.error).to.equal(undefined);
      for (const res of step?.results ?? []) {
        expect(res.status, `${res.id}: ${res.reason}`).to.equal('skip');
        expect(res.reason).to.match(/PID 1 of mute-1 \(\/pause --no-term-handler\) has no SIGTERM handler/);
      }
      expect(r.ms, 'found out within seconds').to.be.below(15_000);
      await noRunLeft('ctl-mute');
    });
  });

  describe('process kill of a PID 1 without a SIGTERM handler (ctl-nohandler)', () => {
    before(() => deploy('pid1-no-handler.yaml', 'ctl-nohandler', 'sleeper'));
    after(() => kubectl('delete', 'namespace', 'ctl-nohandler', '--wait=false'));

    it('is skipped at once with the ways out, and the other steps run (exit 0)', async () => {
      const r = await stsChaos([
        'run',
        '--target',
        'ctl-nohandler/sleeper',
        '--suites',
        'volumes',
        '--budget',
        '60s',
      ]);
      console.log(`      ${took(r)}`);
      expect(r.code, why(r)).to.equal(0);
      for (const res of stepOf(r, 'process-kill')?.results ?? []) {
        expect(res.status, `${res.id}: ${res.reason}`).to.equal('skip');
        expect(res.reason).to.match(
          /PID 1 of sleeper-1 \(sleep 2147483647\) has no SIGTERM handler.*--process-name/,
        );
      }
      const others = report(r).steps.filter((s) => s.fault !== 'process-kill');
      expect(
        others.flatMap((s) => s.results.filter((x) => x.id === 'VOL-1').map((x) => x.status)),
      ).to.deep.equal(['pass', 'pass']);
      expect(r.ms, 'no budget waited out').to.be.below(60_000);
      await noRunLeft('ctl-nohandler');
    });

    it('a kill that finds no process is a step error (exit 1, JUnit <error>), and the next step still runs', async () => {
      const r = await stsChaos([
        'run',
        '--target',
        'ctl-nohandler/sleeper',
        '--suites',
        'volumes',
        '--faults',
        'process-kill,claim-deletion',
        '--process-name',
        'not-running-here',
        '--budget',
        '60s',
      ]);
      console.log(`      ${took(r)}`);
      expect(r.code, why(r)).to.equal(1);
      const pk = stepOf(r, 'process-kill');
      expect(pk?.error).to.match(/did nothing: .* exited 1/);
      expect(pk?.results.every((x) => x.status === 'skip' && /not judged/.test(x.reason))).to.equal(true);
      expect(report(r).reason).to.match(/process-kill sleeper-1 had no effect/);
      expect(stepOf(r, 'claim-deletion')?.results.map((x) => x.status)).to.include('pass');
      expect(readFileSync(join(r.dir, 'junit.xml'), 'utf8')).to.match(/<error message="[^"]*had no effect/);
      await noRunLeft('ctl-nohandler');
    });
  });

  describe('process kill of a PID 1 that handles SIGTERM and stays up (ctl-stays)', () => {
    before(() => deploy('term-handler-stays.yaml', 'ctl-stays', 'stubborn'));
    after(() => kubectl('delete', 'namespace', 'ctl-stays', '--wait=false'));

    it('is a step error once the container did not stop within its grace + 15 s (exit 1), no budget waited out', async () => {
      const r = await stsChaos([
        'run',
        '--target',
        'ctl-stays/stubborn',
        '--suites',
        'volumes',
        '--budget',
        '2m',
      ]);
      console.log(`      ${took(r)}`);
      expect(r.code, why(r)).to.equal(1);
      const pk = stepOf(r, 'process-kill');
      expect(pk?.error).to.match(/stubborn-1\/app to stop after the kill/);
      expect(pk?.results.every((x) => x.status === 'skip' && /not judged/.test(x.reason))).to.equal(true);
      expect(r.ms, 'no budget waited out').to.be.below(100_000);
      await noRunLeft('ctl-stays');
    });
  });

  describe('probes a freeze cannot break (ctl-probes: tcpSocket readiness, exec-file liveness)', () => {
    before(() => deploy('unbreakable-probes.yaml', 'ctl-probes', 'tough'));
    after(() => kubectl('delete', 'namespace', 'ctl-probes', '--wait=false'));

    it('skips PRB-1 and PRB-2 pointing at --probe-break-command, never passes or fails them (exit 0)', async () => {
      const r = await stsChaos([
        'run',
        '--target',
        'ctl-probes/tough',
        '--suites',
        'probes',
        '--budget',
        '90s',
      ]);
      console.log(`      ${took(r)}`);
      expect(r.code, why(r)).to.equal(0);
      const ready = stepOf(r, 'probe-breakage', 'readiness');
      const live = stepOf(r, 'probe-breakage', 'liveness');
      for (const res of ready?.results ?? [])
        expect(res.reason, res.id).to.match(/tcpSocket probe.*--probe-break-command/);
      for (const res of live?.results ?? []) {
        expect(res.status, `${res.id}: ${res.reason}`).to.equal('skip');
        expect(res.reason).to.match(/did not fail within .*--probe-break-command/);
      }
      const pods = await kubectlJson<{
        items: { status?: { containerStatuses?: { restartCount: number }[] } }[];
      }>('-n', 'ctl-probes', 'get', 'pods');
      for (const p of pods.items) expect(p.status?.containerStatuses?.[0]?.restartCount).to.equal(0);
      await noRunLeft('ctl-probes');
    });
  });

  describe('a scale whose new ordinal never becomes Ready (ctl-late)', () => {
    before(() => deploy('never-ready-new-ordinal.yaml', 'ctl-late', 'late'));
    after(() => kubectl('delete', 'namespace', 'ctl-late', '--wait=false'));

    it('is a step error, scaled back at once with the extra claim removed; ORD/VOL-5 not judged (exit 1)', async () => {
      const r = await stsChaos([
        'run',
        '--target',
        'ctl-late/late',
        '--suites',
        'ordering',
        // The scale step alone (its label); the halt step has its own test.
        '--grep',
        String.raw`\[scale\]`,
        '--budget',
        '10s',
      ]);
      console.log(`      ${took(r)}`);
      expect(r.code, why(r)).to.equal(1);
      const step = stepOf(r, 'scale');
      expect(step?.error).to.match(/the new ordinal late-3 was not Ready within 10s/);
      expect(step?.results.every((x) => x.status === 'skip')).to.equal(true);
      const sts = await kubectlJson<{ spec: { replicas: number } }>('-n', 'ctl-late', 'get', 'sts', 'late');
      expect(sts.spec.replicas).to.equal(3);
      await kubectl('-n', 'ctl-late', 'wait', '--for=delete', 'pod/late-3', '--timeout=60s').catch(() => '');
      const pvcs = await kubectlJson<{ items: { metadata: { name: string } }[] }>(
        '-n',
        'ctl-late',
        'get',
        'pvc',
      );
      expect(pvcs.items.map((p) => p.metadata.name).sort()).to.deep.equal([
        'data-late-0',
        'data-late-1',
        'data-late-2',
      ]);
      await noRunLeft('ctl-late');
    });
  });

  it('a --data-path that does not exist in the pods is a usage error in preflight (exit 2, one line)', async () => {
    const r = await stsChaos(['run', '--target', 'sts-demo/web', '--data-path', '/no/such/dir']);
    expect(r.code, why(r)).to.equal(2);
    expect(r.stderr.trim().split('\n')).to.have.length(1);
    expect(r.stderr).to.match(
      /--data-path \/no\/such\/dir: no such path in sts-demo\/web-2 \(container web\)/,
    );
  });
});
