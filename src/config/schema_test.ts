import { expect } from 'chai';
import { Duration } from '../util/duration.ts';
import { parseTarget, RunConfigSchema } from './schema.ts';
import { DEFAULT_FAULTS, DEFAULT_SUITES } from './types.ts';

function parse(raw: Record<string, unknown>) {
  return RunConfigSchema.safeParse({ target: 'demo/web', ...raw });
}

function firstIssue(raw: Record<string, unknown>): { path: string; message: string } {
  const r = parse(raw);
  expect(r.success, JSON.stringify(raw)).to.equal(false);
  const issue = r.error?.issues[0];
  return { path: issue?.path.join('.') ?? '', message: issue?.message ?? '' };
}

describe('RunConfigSchema', () => {
  it('gives the defaults of types.ts', () => {
    const r = parse({});
    expect(r.success).to.equal(true);
    const cfg = r.data;
    if (!cfg) throw new Error('unreachable');
    expect(cfg.target).to.deep.equal({ namespace: 'demo', name: 'web' });
    // The updates suite rolls every pod and the bad release breaks one: both asked for by name only.
    expect(cfg.suites).to.deep.equal([...DEFAULT_SUITES]);
    expect(cfg.suites).to.not.include('updates');
    expect(cfg.faults).to.deep.equal([...DEFAULT_FAULTS]);
    expect(cfg.faults).to.include('rolling-update').and.not.include('bad-release');
    expect(cfg.grep).to.equal(undefined);
    expect(cfg.skip).to.equal(undefined);
    expect(cfg.dataPaths).to.deep.equal([]);
    expect(cfg.reportDir).to.equal('./sts-chaos-report');
    expect(cfg.budget.toMilliseconds()).to.equal(180_000);
    expect(cfg.dryRun).to.equal(false);
    expect(cfg.events).to.equal(true);
    expect(cfg.allowNamespaces).to.deep.equal([]);
    expect(cfg.maxDisrupted).to.equal(1);
    expect(cfg.ordinal).to.equal(undefined);
    const { hold, holdAfterEviction, ...nodeLoss } = cfg.nodeLoss;
    expect(hold.toString()).to.equal('1m20s');
    expect(holdAfterEviction.toString()).to.equal('10s');
    expect(nodeLoss).to.deep.equal({
      mode: 'none',
      labScript: 'lab/lab.sh',
      containersLeftRunning: true,
      forceDeleteLostPod: false,
      kind: 'partition',
      fence: 'none',
    });
    expect(cfg.probes.holdFor.toMilliseconds()).to.equal(20_000);
    expect(cfg.probes.breakCommand).to.equal(undefined);
    expect(cfg.roleQuery).to.equal(undefined);
    expect(cfg.container).to.equal(undefined);
    expect(cfg.processName).to.equal(undefined);
    expect(cfg.kubeconfig).to.equal(undefined);
    expect(cfg.context).to.equal(undefined);
    expect(cfg.logFormat).to.equal('auto');
    expect(cfg.logLevel).to.equal('info');
    expect(cfg.baseline).to.deep.equal([]);
    expect(cfg.maxRegression).to.equal(25);
    expect(cfg.minSamples).to.equal(3);
  });

  it('does not share default arrays between parses', () => {
    const a = parse({}).data;
    const b = parse({}).data;
    expect(a?.suites).to.not.equal(b?.suites);
    expect(a?.budget).to.be.instanceOf(Duration);
  });

  it('takes strings (flags, environment) and typed values (YAML) alike', () => {
    const fromText = parse({
      suites: 'identity, volumes',
      budget: '90s',
      dryRun: 'true',
      maxDisrupted: '2',
      ordinal: '0',
      dataPaths: '/data,/var/lib/x',
      allowNamespaces: 'kube-system',
      nodeLoss: { mode: 'lab', containersLeftRunning: 'no' },
      probes: { holdFor: '1m30s' },
      roleQuery: { command: "mysql -e 'SELECT @@read_only'", primaryValues: '0', interval: '500ms' },
    }).data;
    const fromYaml = parse({
      suites: ['identity', 'volumes'],
      budget: 90,
      dryRun: true,
      maxDisrupted: 2,
      ordinal: 0,
      dataPaths: ['/data', '/var/lib/x'],
      allowNamespaces: ['kube-system'],
      nodeLoss: { mode: 'lab', containersLeftRunning: false },
      probes: { holdFor: 90 },
      roleQuery: {
        command: ['sh', '-c', "mysql -e 'SELECT @@read_only'"],
        primaryValues: ['0'],
        interval: 0.5,
      },
    }).data;
    for (const cfg of [fromText, fromYaml]) {
      if (!cfg) throw new Error('did not parse');
      expect(cfg.suites).to.deep.equal(['identity', 'volumes']);
      expect(cfg.budget.toSeconds()).to.equal(90);
      expect(cfg.dryRun).to.equal(true);
      expect(cfg.maxDisrupted).to.equal(2);
      expect(cfg.ordinal).to.equal(0);
      expect(cfg.dataPaths).to.deep.equal(['/data', '/var/lib/x']);
      expect(cfg.allowNamespaces).to.deep.equal(['kube-system']);
      expect(cfg.nodeLoss.mode).to.equal('lab');
      expect(cfg.nodeLoss.containersLeftRunning).to.equal(false);
      expect(cfg.probes.holdFor.toSeconds()).to.equal(90);
      expect(cfg.roleQuery?.command).to.deep.equal(['sh', '-c', "mysql -e 'SELECT @@read_only'"]);
      expect(cfg.roleQuery?.primaryValues).to.deep.equal(['0']);
      expect(cfg.roleQuery?.interval.toMilliseconds()).to.equal(500);
    }
  });

  it('gives the role query its defaults', () => {
    const cfg = parse({ roleQuery: { command: 'x' } }).data;
    expect(cfg?.roleQuery?.primaryValues).to.deep.equal(['primary', 'leader', 'master']);
    expect(cfg?.roleQuery?.interval.toSeconds()).to.equal(2);
  });

  it('refuses unknown keys, naming them', () => {
    const r = RunConfigSchema.safeParse({ target: 'a/b', budgett: '3m', nodeLoss: { mod: 'lab' } });
    const keys = r.error?.issues
      .filter((i) => i.code === 'unrecognized_keys')
      .map((i) => `${i.path}:${i.keys}`);
    expect(keys).to.have.members([':budgett', 'nodeLoss:mod']);
  });

  it('refuses bad durations with the hint', () => {
    expect(firstIssue({ budget: 'banana' })).to.deep.equal({
      path: 'budget',
      message: '"banana" is not a duration (use e.g. 250ms, 90s, 3m, 1m30s)',
    });
    expect(firstIssue({ budget: '0s' }).message).to.match(/longer than 0/);
    expect(firstIssue({ budget: -1 }).message).to.match(/expected a duration/);
    expect(firstIssue({ budget: '25h' }).message).to.match(/too long/);
    expect(firstIssue({ probes: { holdFor: [] } }).path).to.equal('probes.holdFor');
    expect(firstIssue({ budget: '90' }).message).to.match(/is not a duration/);
  });

  it('refuses bad targets', () => {
    expect(firstIssue({ target: 'foo' }).message).to.equal('"foo" must be <namespace>/<statefulset>');
    for (const bad of [
      'a/b/c',
      '/b',
      'a/',
      'A/b',
      'a/B',
      'a_b/c',
      `${'a'.repeat(64)}/b`,
      `a/${'b'.repeat(254)}`,
      'a/-b',
    ]) {
      expect(parse({ target: bad }).success, bad).to.equal(false);
    }
    expect(parseTarget('ns-1/web.v2')).to.deep.equal({ namespace: 'ns-1', name: 'web.v2' });
    expect(parseTarget(`${'a'.repeat(63)}/${'b'.repeat(253)}`).name).to.have.length(253);
    expect(firstIssue({ target: undefined }).message).to.match(/is required/);
  });

  it('refuses unknown suites and empty suite lists', () => {
    expect(firstIssue({ suites: 'identity,chaos' }).message).to.match(
      /"chaos" is not a suite \(identity, ordering/,
    );
    expect(firstIssue({ suites: ' , ' }).message).to.match(/names no suite/);
    expect(firstIssue({ suites: ['identity', 5] }).message).to.match(/^item 2: expected text, got number 5/);
    expect(parse({ suites: 'volumes,volumes' }).data?.suites).to.deep.equal(['volumes']);
  });

  it('refuses bad numbers, booleans, enums and names', () => {
    expect(firstIssue({ maxDisrupted: '0' }).message).to.match(/too small \(at least 1\)/);
    expect(firstIssue({ maxDisrupted: 1.5 }).message).to.match(/whole number/);
    expect(firstIssue({ maxRegression: 25 }).message).to.equal('number 25 needs its % sign (e.g. "25%")');
    expect(firstIssue({ minSamples: '0' }).message).to.match(/too small \(at least 1\)/);
    expect(firstIssue({ ordinal: '-1' }).message).to.match(/whole number/);
    expect(firstIssue({ ordinal: '99999999999999999999' }).message).to.match(/whole number/);
    expect(firstIssue({ dryRun: 'maybe' }).message).to.match(/expected true or false/);
    expect(firstIssue({ logFormat: 'xml' }).message).to.equal('"xml" must be one of auto, pretty, json');
    expect(firstIssue({ logLevel: 'trace' }).message).to.match(/must be one of debug, info, warn, error/);
    expect(firstIssue({ container: 'Main' }).message).to.match(/not a valid container name/);
    expect(firstIssue({ allowNamespaces: 'ok,Not_OK' }).message).to.match(
      /"Not_OK" is not a valid namespace/,
    );
    expect(firstIssue({ grep: '' }).message).to.equal('must not be empty');
    expect(firstIssue({ grep: 5 }).message).to.match(/expected text, got number 5 \(quote it/);
    expect(firstIssue({ nodeLoss: 'lab' })).to.include({ path: 'nodeLoss' });
  });

  it('ties the node loss commands to mode "command"', () => {
    expect(firstIssue({ nodeLoss: { mode: 'command', downCommand: 'x' } })).to.deep.equal({
      path: 'nodeLoss.mode',
      message:
        '"command" needs an up command (--node-down-command and --node-up-command, or nodeLoss.downCommand and nodeLoss.upCommand)',
    });
    expect(firstIssue({ nodeLoss: { upCommand: 'x' } }).path).to.equal('nodeLoss.upCommand');
    const ok = parse({ nodeLoss: { mode: 'command', downCommand: 'down {node}', upCommand: 'up {node}' } });
    expect(ok.data?.nodeLoss).to.include({
      mode: 'command',
      downCommand: 'down {node}',
      upCommand: 'up {node}',
    });
  });

  it('node loss by the agent: needs the image; power-off only by the agent or the lab; out-of-service only after a power-off', () => {
    expect(firstIssue({ nodeLoss: { mode: 'agent' } })).to.deep.include({ path: 'nodeLoss.mode' });
    const agent = { mode: 'agent', agentImage: 'sts-chaos:1' };
    expect(parse({ nodeLoss: agent }).data?.nodeLoss).to.include({ kind: 'partition', fence: 'none' });
    const cmd = { mode: 'command', downCommand: 'd {node}', upCommand: 'u {node}' };
    expect(firstIssue({ nodeLoss: { ...cmd, kind: 'power-off' } }).message).to.match(
      /done by the node agent \(--node-loss agent\) or the lab/,
    );
    expect(
      parse({ nodeLoss: { mode: 'lab', kind: 'power-off', fence: 'out-of-service' } }).data?.nodeLoss,
    ).to.include({ mode: 'lab', kind: 'power-off', fence: 'out-of-service' });
    expect(firstIssue({ nodeLoss: { ...agent, fence: 'out-of-service' } }).message).to.match(
      /needs --node-loss-kind power-off/,
    );
    expect(
      parse({ nodeLoss: { ...agent, kind: 'power-off', fence: 'out-of-service' } }).data?.nodeLoss,
    ).to.include({ kind: 'power-off', fence: 'out-of-service' });
  });
});
