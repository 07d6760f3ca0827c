import { expect } from 'chai';
import { collect } from './collect.ts';
import { CONFIG_KEYS } from './keys.ts';
import { loadRunConfig } from './load.ts';
import { tempFiles } from './testing/files.ts';

const files = tempFiles('sts-chaos-collect-');

describe('collect (the sources of the configuration)', () => {
  it('finds the config file through STS_CHAOS_CONFIG, and --config wins over it', () => {
    const a = files.file('target: a/web\n');
    const b = files.file('target: b/web\n');
    expect(loadRunConfig({ env: { STS_CHAOS_CONFIG: a } }).target.namespace).to.equal('a');
    expect(loadRunConfig({ env: { STS_CHAOS_CONFIG: a }, configFile: b }).target.namespace).to.equal('b');
  });

  it('reads every STS_CHAOS_* variable of the table, nested fields flattened', () => {
    const env = {
      STS_CHAOS_TARGET: 'demo/web',
      STS_CHAOS_SELECTOR: 'demo/tier=db',
      STS_CHAOS_SUITES: 'probes,split-brain',
      STS_CHAOS_FAULTS: 'probe-breakage,node-loss',
      STS_CHAOS_GREP: 'SB-2',
      STS_CHAOS_SKIP: 'slow',
      STS_CHAOS_DATA_PATHS: '/a, /b',
      STS_CHAOS_REPORT_DIR: '/r',
      STS_CHAOS_BUDGET: '90s',
      STS_CHAOS_DNS_BUDGET: '20s',
      STS_CHAOS_DRY_RUN: '1',
      STS_CHAOS_ALLOW_NAMESPACES: 'kube-system',
      STS_CHAOS_MAX_DISRUPTED: '2',
      STS_CHAOS_ORDINAL: '1',
      STS_CHAOS_EVENTS: 'false',
      STS_CHAOS_NODE_LOSS_MODE: 'command',
      STS_CHAOS_NODE_LOSS_DOWN_COMMAND: 'down {node}',
      STS_CHAOS_NODE_LOSS_UP_COMMAND: 'up {node}',
      STS_CHAOS_NODE_LOSS_HOLD: '5m',
      STS_CHAOS_NODE_LOSS_HOLD_AFTER_EVICTION: '7m',
      STS_CHAOS_NODE_LOSS_LAB_SCRIPT: '/lab.sh',
      STS_CHAOS_NODE_LOSS_CONTAINERS_LEFT_RUNNING: 'false',
      STS_CHAOS_NODE_LOSS_FORCE_DELETE_LOST_POD: 'true',
      STS_CHAOS_NODE_LOSS_KIND: 'partition',
      STS_CHAOS_NODE_LOSS_FENCE: 'none',
      STS_CHAOS_NODE_LOSS_AGENT_IMAGE: 'img',
      STS_CHAOS_NODE_LOSS_AGENT_NAMESPACE: 'agents',
      STS_CHAOS_NODE_LOSS_AGENT_SERVICE_ACCOUNT: 'sa',
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
      STS_CHAOS_UPDATES_PARTITION: '2',
      STS_CHAOS_UPDATES_ON_DELETE_WATCH: '10s',
      STS_CHAOS_UPDATES_BAD_RELEASE_HOLD: '15s',
      STS_CHAOS_UPDATES_ROLLBACK_WAIT: '40s',
      STS_CHAOS_CONTAINER: 'db',
      STS_CHAOS_PROCESS_NAME: 'mysqld',
      STS_CHAOS_RESULTS_CONFIGMAP: 'results',
      STS_CHAOS_METRICS_ADDRESS: ':9464',
      STS_CHAOS_METRICS_LINGER: '5s',
      STS_CHAOS_PUSHGATEWAY: 'http://gw:9091/',
      STS_CHAOS_BASELINE: 'a/report.json, b',
      STS_CHAOS_MAX_REGRESSION: '12.5%',
      STS_CHAOS_MIN_SAMPLES: '5',
      STS_CHAOS_DEBUG_IMAGE: 'dbg',
      STS_CHAOS_GUIDED: 'yes',
      STS_CHAOS_REPEAT: '2',
      STS_CHAOS_REPEAT_FOR: '1h',
      STS_CHAOS_KUBECONFIG: '/kc',
      STS_CHAOS_CONTEXT: 'lab',
      STS_CHAOS_LOG_FORMAT: 'json',
      STS_CHAOS_LOG_LEVEL: 'debug',
    };
    expect(Object.keys(env)).to.have.members(CONFIG_KEYS.map((k) => k.env));
    const cfg = loadRunConfig({ env });
    expect(cfg).to.deep.include({
      target: { namespace: 'demo', name: 'web' },
      targets: [{ namespace: 'demo', name: 'web' }],
      selector: { namespace: 'demo', labels: 'tier=db' },
      suites: ['probes', 'split-brain'],
      faults: ['probe-breakage', 'node-loss'],
      grep: 'SB-2',
      skip: 'slow',
      dataPaths: ['/a', '/b'],
      reportDir: '/r',
      dryRun: true,
      events: false,
      allowNamespaces: ['kube-system'],
      maxDisrupted: 2,
      ordinal: 1,
      container: 'db',
      processName: 'mysqld',
      resultsConfigMap: 'results',
      metricsAddress: ':9464',
      pushgateway: 'http://gw:9091',
      baseline: ['a/report.json', 'b'],
      maxRegression: 12.5,
      minSamples: 5,
      debugImage: 'dbg',
      guided: true,
      repeat: 2,
      kubeconfig: '/kc',
      context: 'lab',
      logFormat: 'json',
      logLevel: 'debug',
    });
    expect(cfg.budget.toSeconds()).to.equal(90);
    expect(cfg.dnsBudget.toSeconds()).to.equal(20);
    expect(cfg.metricsLinger.toSeconds()).to.equal(5);
    expect(cfg.repeatFor?.toString()).to.equal('60m');
    const { hold, holdAfterEviction, ...nodeLoss } = cfg.nodeLoss;
    expect(hold.toMilliseconds()).to.equal(300_000);
    expect(holdAfterEviction.toMilliseconds()).to.equal(420_000);
    expect(nodeLoss).to.deep.equal({
      mode: 'command',
      downCommand: 'down {node}',
      upCommand: 'up {node}',
      labScript: '/lab.sh',
      containersLeftRunning: false,
      forceDeleteLostPod: true,
      kind: 'partition',
      fence: 'none',
      agentImage: 'img',
      agentNamespace: 'agents',
      agentServiceAccount: 'sa',
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

  it('turns the fault-window Events off by --no-events, STS_CHAOS_EVENTS=false or events: false', () => {
    const file = files.file('target: a/b\nevents: false\n');
    expect(loadRunConfig({ env: { STS_CHAOS_TARGET: 'a/b' } }).events).to.equal(true);
    expect(loadRunConfig({ flags: { '--target': 'a/b', '--no-events': false } }).events).to.equal(false);
    expect(loadRunConfig({ env: { STS_CHAOS_TARGET: 'a/b', STS_CHAOS_EVENTS: 'false' } }).events).to.equal(
      false,
    );
    expect(loadRunConfig({ configFile: file }).events).to.equal(false);
    // The flag wins over the environment, which wins over the file.
    expect(loadRunConfig({ configFile: file, env: { STS_CHAOS_EVENTS: 'true' } }).events).to.equal(true);
    expect(
      loadRunConfig({ configFile: file, env: { STS_CHAOS_EVENTS: 'true' }, flags: { '--no-events': false } })
        .events,
    ).to.equal(false);
  });

  it('nests the fields of the environment and the flags, the flags over the environment', () => {
    const sources = collect({
      env: { STS_CHAOS_NODE_LOSS_MODE: 'lab', STS_CHAOS_BUDGET: '2m' },
      flags: { '--node-loss': 'command', '--data-path': ['/a', '/b,/c'] },
    });
    expect(sources.merged).to.deep.equal({
      budget: '2m',
      nodeLoss: { mode: 'command' },
      dataPaths: '/a,/b,/c',
    });
  });
});
