import { expect } from 'chai';
import { UsageError } from '../errors.ts';
import { loadCleanupConfig, loadRunConfig } from './load.ts';
import { tempFiles } from './testing/files.ts';

const files = tempFiles('sts-chaos-load-');

describe('loadRunConfig', () => {
  it('reads the config file, camelCase and nested', () => {
    const cfg = loadRunConfig({
      configFile: files.file(
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
    const configFile = files.file(
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

  it('asks for both data check commands', () => {
    expect(() => loadRunConfig({ flags: { '--target': 'a/b', '--data-write': 'w' } })).to.throw(
      /dataCheck.verify is required/,
    );
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
      targets: [{ namespace: 'demo', name: 'web' }],
    });
    expect(loadCleanupConfig({ flags: { '--namespace': 'demo' } }).targets).to.equal(undefined);
    expect(loadCleanupConfig({ flags: { '--target': ['demo/web', 'demo/db'] } }).targets).to.deep.equal([
      { namespace: 'demo', name: 'web' },
      { namespace: 'demo', name: 'db' },
    ]);
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
    expect(() => loadCleanupConfig({ flags: { '--target': ['a/b', 'c/d'] } })).to.throw(
      UsageError,
      'cleanup takes the targets of one namespace; got a/b and c/d (run it once per namespace)',
    );
  });

  it('run: several targets, a selector, or both; neither is refused saying how to set one', () => {
    const two = loadRunConfig({ flags: { '--target': ['a/web', 'b/db'] } });
    expect(two.targets).to.deep.equal([
      { namespace: 'a', name: 'web' },
      { namespace: 'b', name: 'db' },
    ]);
    expect(two.target).to.deep.equal({ namespace: 'a', name: 'web' });
    const sel = loadRunConfig({ flags: { '--selector': 'prod/tier=db' } });
    expect(sel.targets).to.deep.equal([]);
    expect(sel.selector).to.deep.equal({ namespace: 'prod', labels: 'tier=db' });
    expect(sel.target).to.deep.equal({ namespace: 'prod', name: '' });
    expect(() => loadRunConfig({})).to.throw(UsageError, /^target is required/);
    expect(() => loadRunConfig({ flags: { '--selector': 'tier=db' } })).to.throw(
      UsageError,
      /^--selector: "tier=db" must be <namespace>\/<label selector>/,
    );
  });
});
