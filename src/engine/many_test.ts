import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import pino from 'pino';
import { loadRunConfig } from '../config/load.ts';
import type { RunConfig } from '../config/types.ts';
import { RefusedError } from '../errors.ts';
import type { ManyReport } from '../report/many.ts';
import { fixtureReport } from '../report/testing/fixture.ts';
import { type ManyDeps, planCommand, runCommand } from './many.ts';

const log = pino({ level: 'silent' });

describe('runCommand over several targets', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sts-chaos-many-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const cfgOf = (flags: Record<string, string | string[]>) =>
    loadRunConfig({ flags: { '--report-dir': dir, ...flags } });

  /** A runOne whose verdict per target name is given; it records the configs it got. */
  function fake(verdicts: Record<string, number | Error>, seen: RunConfig[]): ManyDeps['runOne'] {
    return async (cfg, _log, _signal, opts) => {
      seen.push(cfg);
      const v = verdicts[cfg.target.name];
      if (v instanceof Error) throw v;
      opts.onReport?.(
        fixtureReport({
          target: cfg.target,
          outcome: v === 0 ? 'passed' : 'failed',
          exitCode: v ?? 0,
          ...(v ? { reason: `failed: ID-1 on pod-kill ${cfg.target.name}-2` } : {}),
        }),
      );
      return v ?? 0;
    };
  }

  it('one target: one run in the report directory itself, no targets.json', async () => {
    const seen: RunConfig[] = [];
    const code = await runCommand(
      cfgOf({ '--target': 'a/web' }),
      log,
      new AbortController().signal,
      {},
      {
        resolve: async () => {
          throw new Error('not called for one target');
        },
        runOne: fake({ web: 0 }, seen),
        write: async () => [],
        store: async () => undefined,
      },
    );
    expect(code).to.equal(0);
    expect(seen.map((c) => c.reportDir)).to.deep.equal([dir]);
  });

  it('two targets, one broken: both run in order, each in its own directory and Lease; exit 1; the healthy one passed', async () => {
    const seen: RunConfig[] = [];
    let written: ManyReport | undefined;
    const stored: string[] = [];
    const cfg = cfgOf({ '--target': ['a/web', 'b/db'], '--results-configmap': 'res' });
    const code = await runCommand(
      cfg,
      log,
      new AbortController().signal,
      {},
      {
        resolve: async (c) => [...c.targets],
        runOne: fake({ web: 0, db: 1 }, seen),
        write: async (d, many, results) => {
          written = many;
          const { writeManyReports } = await import('../report/many.ts');
          return writeManyReports(d, many, results);
        },
        store: async (c, ns, verdict) => {
          stored.push(`${ns}/${c.resultsConfigMap} ${verdict}`);
        },
      },
    );
    expect(code).to.equal(1);
    expect(stored).to.deep.equal(['a/res failed (exit 1)']);
    expect(
      seen.map((c) => `${c.target.namespace}/${c.target.name} ${c.reportDir} ${c.resultsConfigMap}`),
    ).to.deep.equal([`a/web ${join(dir, 'a.web')} res-web`, `b/db ${join(dir, 'b.db')} res-db`]);
    expect(seen.every((c) => c.targets.length === 1 && c.selector === undefined)).to.equal(true);
    expect(written?.outcome).to.equal('failed');
    expect(written?.targets.map((t) => [t.outcome, t.exitCode])).to.deep.equal([
      ['passed', 0],
      ['failed', 1],
    ]);
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(junit).to.match(/<testsuite name="a\/web: pod-faults"/);
    expect(junit).to.match(/<testsuite name="b\/db: pod-faults"/);
    const summary = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(summary).to.match(/FAILED \(exit 1\), 2 targets/);
    expect(summary).to.match(/\| a\/web \| ✅ passed \(exit 0\) \|/);
    expect(summary).to.match(/\*\*b\/db\*\*: failed: ID-1 on pod-kill db-2/);
    expect(JSON.parse(readFileSync(join(dir, 'targets.json'), 'utf8')).exitCode).to.equal(1);
    expect(readFileSync(join(dir, 'done'), 'utf8')).to.equal(dir);
  });

  it('a refused target does not stop the next; the worst exit code wins; a signal leaves the rest not run', async () => {
    const seen: RunConfig[] = [];
    const ac = new AbortController();
    let results: readonly { outcome: string; reason?: string }[] = [];
    const deps: ManyDeps = {
      resolve: async (c) => [...c.targets],
      runOne: async (cfg, l, s, o) => {
        if (cfg.target.name === 'c') ac.abort();
        return fake({ a: new RefusedError('preflight refused: a/a is not healthy'), b: 1, c: 4 }, seen)(
          cfg,
          l,
          s,
          o,
        );
      },
      write: async (_d, _m, r) => {
        results = r;
        return [];
      },
      store: async () => undefined,
    };
    const code = await runCommand(cfgOf({ '--target': 'n/a,n/b,n/c,n/d' }), log, ac.signal, {}, deps);
    expect(code).to.equal(4);
    expect(seen.map((c) => c.target.name)).to.deep.equal(['a', 'b', 'c']);
    expect(results.map((r) => r.outcome)).to.deep.equal(['refused', 'failed', 'failed', 'not-run']);
    expect(results[0]?.reason).to.equal('preflight refused: a/a is not healthy');
  });

  it('a selector: the per-target layout even when it matches one', async () => {
    const seen: RunConfig[] = [];
    const code = await runCommand(
      cfgOf({ '--selector': 'prod/tier=db' }),
      log,
      new AbortController().signal,
      {},
      {
        resolve: async () => [{ namespace: 'prod', name: 'pg' }],
        runOne: fake({ pg: 0 }, seen),
        write: async () => [],
        store: async () => undefined,
      },
    );
    expect(code).to.equal(0);
    expect(seen.map((c) => c.reportDir)).to.deep.equal([join(dir, 'prod.pg')]);
  });

  it('plan: each target, the worst exit code', async () => {
    const lines: string[] = [];
    const code = await planCommand(
      { ...cfgOf({ '--target': 'a/web' }), selector: { namespace: 'prod', labels: 'x' } },
      (l) => lines.push(l),
      { resolve: async () => [] },
    );
    expect(code).to.equal(0);
    expect(lines).to.deep.equal(['0 targets, run one after another: ']);
  });

  it("numbers the steps across targets; the operator's abort stops the rest; any error ends one target only", async () => {
    const seen: { name: string; numbering: unknown }[] = [];
    let results: readonly { outcome: string; reason?: string }[] = [];
    const deps: ManyDeps = {
      resolve: async (c) => [...c.targets],
      runOne: async (c, _l, _s, o) => {
        seen.push({ name: c.target.name, numbering: o.numbering });
        if (c.target.name === 'b') throw new Error('socket hang up');
        const aborted = c.target.name === 'c';
        o.onReport?.(
          fixtureReport({
            target: c.target,
            outcome: aborted ? 'interrupted' : 'passed',
            exitCode: aborted ? 4 : 0,
            ...(aborted
              ? { reason: 'aborted by the operator at step 5 (identity/pod-kill-forced on web-2)' }
              : {}),
          }),
        );
        return aborted ? 4 : 0;
      },
      write: async (_d, _m, r) => {
        results = r;
        return [];
      },
      store: async () => undefined,
    };
    const steps = fixtureReport().steps.length;
    const code = await runCommand(
      cfgOf({ '--target': 'n/a,n/b,n/c,n/d' }),
      log,
      new AbortController().signal,
      {},
      deps,
    );
    expect(code).to.equal(4);
    expect(seen).to.deep.equal([
      { name: 'a', numbering: { before: 0, targets: 4 } },
      { name: 'b', numbering: { before: steps, targets: 4 } },
      { name: 'c', numbering: { before: steps, targets: 4 } },
    ]);
    expect(results.map((r) => r.outcome)).to.deep.equal(['passed', 'error', 'interrupted', 'not-run']);
    expect(results[1]?.reason).to.equal('error: socket hang up');
    expect(results[3]?.reason).to.equal('not run: the operator aborted the run at n/c');
  });

  it('a dry run writes nothing', async () => {
    let wrote = false;
    const code = await runCommand(
      cfgOf({ '--target': 'n/a,n/b', '--dry-run': 'true' }),
      log,
      new AbortController().signal,
      {},
      {
        resolve: async (c) => [...c.targets],
        runOne: async () => 0,
        write: async () => {
          wrote = true;
          return [];
        },
        store: async () => {
          wrote = true;
        },
      },
    );
    expect(code).to.equal(0);
    expect(wrote).to.equal(false);
  });
});
