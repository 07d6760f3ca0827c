import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { UsageError } from '../errors.ts';
import {
  CONFIG_KEYS,
  configKeysMarkdown,
  type LoadOptions,
  loadCleanupConfig,
  loadRunConfig,
} from './load.ts';
import { RunConfigObject } from './schema.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'sts-chaos-load-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(text: string): string {
  const path = join(dir, `c${n++}.yaml`);
  writeFileSync(path, text);
  return path;
}

function usage(opts: LoadOptions): string {
  try {
    loadRunConfig(opts);
  } catch (e) {
    expect(e).to.be.instanceOf(UsageError);
    const message = (e as Error).message;
    expect(message).to.not.include('\n');
    return message;
  }
  throw new Error('no UsageError');
}

describe('loadRunConfig', () => {
  it('reads the config file, camelCase and nested', () => {
    const cfg = loadRunConfig({
      configFile: file(
        'target: demo/web\nbudget: 3m\nnodeLoss: {mode: lab}\nsuites: [identity, volumes]\ndataPaths: [/data]\nprobes:\n  holdFor: 30\n',
      ),
    });
    expect(cfg.target).to.deep.equal({ namespace: 'demo', name: 'web' });
    expect(cfg.budget.toString()).to.equal('3m');
    expect(cfg.nodeLoss.mode).to.equal('lab');
    expect(cfg.nodeLoss.containersLeftRunning).to.equal(true);
    expect(cfg.suites).to.deep.equal(['identity', 'volumes']);
    expect(cfg.dataPaths).to.deep.equal(['/data']);
    expect(cfg.probes.holdFor.toSeconds()).to.equal(30);
  });

  it('takes flags over STS_CHAOS_* over the file over the defaults', () => {
    const configFile = file(
      'target: file/web\nbudget: 1m\nreportDir: /file\nmaxDisrupted: 3\nnodeLoss: {mode: lab}\n',
    );
    const env = { STS_CHAOS_TARGET: 'env/web', STS_CHAOS_BUDGET: '2m', STS_CHAOS_NODE_LOSS_MODE: 'none' };
    const flags = { '--target': 'flag/web' };
    const cfg = loadRunConfig({ flags, env, configFile });
    expect(cfg.target.namespace).to.equal('flag');
    expect(cfg.budget.toString()).to.equal('2m');
    expect(cfg.reportDir).to.equal('/file');
    expect(cfg.maxDisrupted).to.equal(3);
    expect(cfg.nodeLoss.mode).to.equal('none');
    expect(cfg.logLevel).to.equal('info');
  });

  it('finds the config file through STS_CHAOS_CONFIG, and --config wins over it', () => {
    const a = file('target: a/web\n');
    const b = file('target: b/web\n');
    expect(loadRunConfig({ env: { STS_CHAOS_CONFIG: a } }).target.namespace).to.equal('a');
    expect(loadRunConfig({ env: { STS_CHAOS_CONFIG: a }, configFile: b }).target.namespace).to.equal('b');
  });

  it('reads every STS_CHAOS_* variable of the table, nested fields flattened', () => {
    const env = {
      STS_CHAOS_TARGET: 'demo/web',
      STS_CHAOS_SUITES: 'probes,split-brain',
      STS_CHAOS_FAULTS: 'probe-breakage,node-loss',
      STS_CHAOS_GREP: 'SB-2',
      STS_CHAOS_SKIP: 'slow',
      STS_CHAOS_DATA_PATHS: '/a, /b',
      STS_CHAOS_REPORT_DIR: '/r',
      STS_CHAOS_BUDGET: '90s',
      STS_CHAOS_DRY_RUN: '1',
      STS_CHAOS_ALLOW_NAMESPACES: 'kube-system',
      STS_CHAOS_MAX_DISRUPTED: '2',
      STS_CHAOS_ORDINAL: '1',
      STS_CHAOS_NODE_LOSS_MODE: 'command',
      STS_CHAOS_NODE_LOSS_DOWN_COMMAND: 'down {node}',
      STS_CHAOS_NODE_LOSS_UP_COMMAND: 'up {node}',
      STS_CHAOS_NODE_LOSS_LAB_SCRIPT: '/lab.sh',
      STS_CHAOS_NODE_LOSS_CONTAINERS_LEFT_RUNNING: 'false',
      STS_CHAOS_NODE_LOSS_FORCE_DELETE_LOST_POD: 'true',
      STS_CHAOS_PROBES_BREAK_COMMAND: 'break',
      STS_CHAOS_PROBES_HEAL_COMMAND: 'heal',
      STS_CHAOS_PROBES_HOLD_FOR: '5s',
      STS_CHAOS_ROLE_QUERY: 'cat /role',
      STS_CHAOS_ROLE_QUERY_PRIMARY_VALUES: 'P',
      STS_CHAOS_ROLE_QUERY_INTERVAL: '1s',
      STS_CHAOS_DATA_CHECK_WRITE: 'w $STS_CHAOS_SEQ',
      STS_CHAOS_DATA_CHECK_VERIFY: 'v',
      STS_CHAOS_DATA_CHECK_WRITE_ORDINAL: '2',
      STS_CHAOS_DATA_CHECK_TIMEOUT: '2m',
      STS_CHAOS_CONTAINER: 'db',
      STS_CHAOS_PROCESS_NAME: 'mysqld',
      STS_CHAOS_RESULTS_CONFIGMAP: 'results',
      STS_CHAOS_DEBUG_IMAGE: 'dbg',
      STS_CHAOS_KUBECONFIG: '/kc',
      STS_CHAOS_CONTEXT: 'lab',
      STS_CHAOS_LOG_FORMAT: 'json',
      STS_CHAOS_LOG_LEVEL: 'debug',
    };
    expect(Object.keys(env)).to.have.members(CONFIG_KEYS.map((k) => k.env));
    const cfg = loadRunConfig({ env });
    expect(cfg).to.deep.include({
      target: { namespace: 'demo', name: 'web' },
      suites: ['probes', 'split-brain'],
      faults: ['probe-breakage', 'node-loss'],
      grep: 'SB-2',
      skip: 'slow',
      dataPaths: ['/a', '/b'],
      reportDir: '/r',
      dryRun: true,
      allowNamespaces: ['kube-system'],
      maxDisrupted: 2,
      ordinal: 1,
      container: 'db',
      processName: 'mysqld',
      resultsConfigMap: 'results',
      debugImage: 'dbg',
      kubeconfig: '/kc',
      context: 'lab',
      logFormat: 'json',
      logLevel: 'debug',
    });
    expect(cfg.budget.toSeconds()).to.equal(90);
    expect(cfg.nodeLoss).to.deep.equal({
      mode: 'command',
      downCommand: 'down {node}',
      upCommand: 'up {node}',
      labScript: '/lab.sh',
      containersLeftRunning: false,
      forceDeleteLostPod: true,
    });
    expect(cfg.probes.breakCommand).to.equal('break');
    expect(cfg.probes.healCommand).to.equal('heal');
    expect(cfg.probes.holdFor.toSeconds()).to.equal(5);
    expect(cfg.roleQuery?.command).to.deep.equal(['sh', '-c', 'cat /role']);
    expect(cfg.roleQuery?.primaryValues).to.deep.equal(['P']);
    expect(cfg.roleQuery?.interval.toSeconds()).to.equal(1);
    expect(cfg.dataCheck?.write).to.deep.equal(['sh', '-c', 'w $STS_CHAOS_SEQ']);
    expect(cfg.dataCheck?.verify).to.deep.equal(['sh', '-c', 'v']);
    expect(cfg.dataCheck?.writeOrdinal).to.equal(2);
    expect(cfg.dataCheck?.timeout.toSeconds()).to.equal(120);
  });

  it('asks for both data check commands', () => {
    expect(() => loadRunConfig({ flags: { '--target': 'a/b', '--data-write': 'w' } })).to.throw(
      /dataCheck.verify is required/,
    );
  });

  it('treats empty variables as unset', () => {
    const cfg = loadRunConfig({
      env: { STS_CHAOS_TARGET: 'a/b', STS_CHAOS_BUDGET: '', STS_CHAOS_CONFIG: ' ' },
    });
    expect(cfg.budget.toString()).to.equal('3m');
  });

  it('takes repeated and comma-separated flags as one list', () => {
    const cfg = loadRunConfig({
      flags: {
        '--target': 'a/b',
        '--data-path': ['/a,/b', '/c'],
        '--allow-namespace': ['kube-system'],
        '--suites': ['identity', 'probes,volumes'],
        '--dry-run': true,
      },
    });
    expect(cfg.dataPaths).to.deep.equal(['/a', '/b', '/c']);
    expect(cfg.allowNamespaces).to.deep.equal(['kube-system']);
    expect(cfg.suites).to.deep.equal(['identity', 'probes', 'volumes']);
    expect(cfg.dryRun).to.equal(true);
  });

  it('names the source and the field of a bad value', () => {
    expect(usage({ flags: { '--target': 'foo' } })).to.equal(
      '--target: "foo" must be <namespace>/<statefulset>',
    );
    expect(usage({ flags: { '--target': 'a/b', '--budget': 'banana' } })).to.equal(
      '--budget: "banana" is not a duration (use e.g. 250ms, 90s, 3m, 1m30s)',
    );
    expect(usage({ env: { STS_CHAOS_TARGET: 'a/b', STS_CHAOS_BUDGET: 'banana' } })).to.equal(
      'STS_CHAOS_BUDGET: "banana" is not a duration (use e.g. 250ms, 90s, 3m, 1m30s)',
    );
    const f = file('target: a/b\nbudget: banana\n');
    expect(usage({ configFile: f })).to.equal(
      `config file ${f}: budget: "banana" is not a duration (use e.g. 250ms, 90s, 3m, 1m30s)`,
    );
    const g = file('target: a/b\nnodeLoss:\n  mode: lan\n');
    expect(usage({ configFile: g })).to.equal(
      `config file ${g}: nodeLoss.mode: "lan" must be one of none, lab, command`,
    );
    expect(usage({ env: { STS_CHAOS_TARGET: 'a/b', STS_CHAOS_NODE_LOSS_MODE: 'lan' } })).to.match(
      /^STS_CHAOS_NODE_LOSS_MODE: "lan" must be one of/,
    );
    expect(usage({ flags: { '--target': 'a/b', '--suites': ['identity,nope'] } })).to.match(
      /^--suites: "nope" is not a suite/,
    );
  });

  it('says how to set a missing target', () => {
    expect(usage({})).to.equal(
      'target is required, as <namespace>/<statefulset> (set it with --target, STS_CHAOS_TARGET or target in the config file)',
    );
  });

  it('names the source of a cross-field problem', () => {
    expect(usage({ flags: { '--target': 'a/b', '--node-loss': 'command' } })).to.match(
      /^--node-loss: "command" needs a down command and an up command/,
    );
    expect(usage({ flags: { '--target': 'a/b', '--node-up-command': 'x' } })).to.equal(
      '--node-up-command is only used when the node loss mode is "command" (it is "none")',
    );
    const f = file('target: a/b\nroleQuery: {interval: 5s}\n');
    expect(usage({ configFile: f })).to.equal(`config file ${f}: roleQuery.command is required`);
  });

  it('refuses unknown keys in the file, naming the key, with a suggestion', () => {
    const f = file('target: a/b\nbudgett: 3m\n');
    expect(usage({ configFile: f })).to.equal(
      `config file ${f}: unknown key "budgett" (did you mean "budget"?)`,
    );
    const g = file('target: a/b\nnode-loss: {mode: lab}\n');
    expect(usage({ configFile: g })).to.equal(
      `config file ${g}: unknown key "node-loss" (did you mean "nodeLoss"?)`,
    );
    const h = file('target: a/b\nnodeLoss: {mode: lab, xyzzy: 1}\n');
    expect(usage({ configFile: h })).to.equal(
      `config file ${h}: nodeLoss: unknown key "xyzzy" (known keys: mode, downCommand, upCommand, labScript, containersLeftRunning, forceDeleteLostPod)`,
    );
    // An unknown key is reported even when a flag gives everything else.
    expect(usage({ configFile: f, flags: { '--target': 'x/y', '--budget': '1m' } })).to.match(
      /unknown key "budgett"/,
    );
    const p = file('target: a/b\n__proto__: {budget: banana}\n');
    expect(usage({ configFile: p })).to.match(/unknown key "__proto__"/);
  });

  it('reports a file that is not YAML, or not a mapping, or missing, in one line', () => {
    const f = file('target: a/b\nsuites: [identity\nbudget: 3m\n');
    expect(usage({ configFile: f })).to.match(
      new RegExp(`^config file ${f}: not valid YAML \\(line \\d+: .+\\)$`),
    );
    const d = file('a: 1\na: 2\n');
    expect(usage({ configFile: d })).to.match(/not valid YAML \(line 2: Map keys must be unique\)/);
    const l = file('- target\n');
    expect(usage({ configFile: l })).to.equal(
      `config file ${l}: expected a mapping of settings (e.g. "target: demo/web"), got a list`,
    );
    const m = join(dir, 'missing.yaml');
    expect(usage({ configFile: m })).to.equal(`config file ${m}: not found`);
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    expect(usage({ configFile: sub })).to.equal(`config file ${sub}: is a directory, not a file`);
    expect(usage({ configFile: join(dir, 'x\ny.yaml') })).to.equal(
      `config file "${dir}/x\\ny.yaml": not found`,
    );
    const a = file('target: &a [*a]\n');
    expect(usage({ configFile: a })).to.match(/target: expected <namespace>\/<statefulset>, got a list/);
    const s = file('target: a/b\nnodeLoss: &n {mode: *n}\n');
    expect(usage({ configFile: s })).to.match(/nodeLoss.mode: a mapping must be one of/);
  });

  it('treats an empty file and null values as nothing set', () => {
    expect(loadRunConfig({ configFile: file(''), flags: { '--target': 'a/b' } }).budget.toString()).to.equal(
      '3m',
    );
    expect(
      loadRunConfig({ configFile: file('target: a/b\nbudget:\nnodeLoss: ~\n') }).budget.toString(),
    ).to.equal('3m');
  });
});

describe('loadCleanupConfig', () => {
  it('takes the namespace from --namespace, or the target', () => {
    expect(loadCleanupConfig({ flags: { '--namespace': 'demo' } }).namespace).to.equal('demo');
    expect(loadCleanupConfig({ env: { STS_CHAOS_TARGET: 'demo/web' } }).namespace).to.equal('demo');
    const cfg = loadCleanupConfig({
      flags: { '--target': 'demo/web', '--kubeconfig': '/kc', '--log-level': 'warn' },
    });
    expect(cfg).to.deep.equal({
      kubeconfig: '/kc',
      context: undefined,
      logFormat: 'auto',
      logLevel: 'warn',
      namespace: 'demo',
      target: { namespace: 'demo', name: 'web' },
    });
    expect(loadCleanupConfig({ flags: { '--namespace': 'demo' } }).target).to.equal(undefined);
  });

  it('refuses a missing, bad or contradicted namespace', () => {
    expect(() => loadCleanupConfig({})).to.throw(UsageError, /cleanup needs --namespace/);
    expect(() => loadCleanupConfig({ flags: { '--namespace': 'Bad' } })).to.throw(
      UsageError,
      /^--namespace: "Bad"/,
    );
    expect(() => loadCleanupConfig({ flags: { '--namespace': 'a', '--target': 'b/c' } })).to.throw(
      /disagree/,
    );
  });
});

describe('CONFIG_KEYS', () => {
  it('covers every field of the schema once, with unique flags and STS_CHAOS_ names', () => {
    const fields: string[] = [];
    for (const [key, schema] of Object.entries(RunConfigObject.shape)) {
      const inner =
        'unwrap' in schema && key in { nodeLoss: 1, probes: 1, roleQuery: 1, dataCheck: 1 }
          ? schema.unwrap()
          : undefined;
      if (inner && 'shape' in inner) for (const sub of Object.keys(inner.shape)) fields.push(`${key}.${sub}`);
      else fields.push(key);
    }
    expect(CONFIG_KEYS.map((k) => k.field)).to.have.members(fields);
    const envs = CONFIG_KEYS.map((k) => k.env);
    expect(new Set(envs).size).to.equal(envs.length);
    for (const e of envs) expect(e).to.match(/^STS_CHAOS_[A-Z_]+$/);
    const flags = CONFIG_KEYS.flatMap((k) => (k.flag ? [k.flag] : []));
    expect(new Set(flags).size).to.equal(flags.length);
    for (const k of CONFIG_KEYS) {
      if (!k.field.includes('.')) continue;
      const flat = `STS_CHAOS_${k.field
        .replace(/[A-Z]/g, (c) => `_${c}`)
        .replace('.', '_')
        .toUpperCase()}`;
      if (k.field !== 'roleQuery.command') expect(k.env).to.equal(flat);
    }
  });

  it('renders as a Markdown table for the docs', () => {
    const md = configKeysMarkdown();
    expect(md.split('\n').filter((l) => l.startsWith('| `'))).to.have.length(CONFIG_KEYS.length);
    expect(md).to.include('`--budget <duration>` | `STS_CHAOS_BUDGET`');
  });
});
