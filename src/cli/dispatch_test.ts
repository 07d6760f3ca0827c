import { join } from 'node:path';
import { expect } from 'chai';
import { tempFiles } from '../config/testing/files.ts';
import { exitCode } from './dispatch.ts';
import { cli, fakeEngine, usage } from './testing/harness.ts';

const files = tempFiles('sts-chaos-cli-');

describe('the commands (dispatch)', () => {
  it('refuses --budget banana, naming budget', async () => {
    expect(await usage(['run', '--target', 'a/b', '--budget', 'banana'])).to.equal(
      'sts-chaos: --budget: "banana" is not a duration (use e.g. 250ms, 90s, 3m, 1m30s)',
    );
  });

  it('refuses --target foo', async () => {
    expect(await usage(['run', '--target', 'foo'])).to.equal(
      'sts-chaos: --target: "foo" must be <namespace>/<statefulset>',
    );
    expect(await usage(['plan'])).to.match(/^sts-chaos: target is required/);
  });

  it('refuses a config file that is not YAML, in one line', async () => {
    const f = files.file('target: demo/web\nsuites: [identity\nbudget: 3m\n');
    expect(await usage(['run', '--config', f])).to.match(
      new RegExp(`^sts-chaos: config file ${f}: not valid YAML \\(line \\d+: `),
    );
    expect(await usage(['run', '--config', join(files.dir(), 'nope.yaml')])).to.match(
      /nope.yaml: not found$/,
    );
  });

  it('refuses an unknown key in the config file, naming it', async () => {
    const f = files.file('target: demo/web\nbudgett: 3m\n');
    expect(await usage(['run', '--config', f])).to.equal(
      `sts-chaos: config file ${f}: unknown key "budgett" (did you mean "budget"?)`,
    );
  });

  it('runs with the configuration from STS_CHAOS_*, flags overriding', async () => {
    const env = { STS_CHAOS_TARGET: 'env/web', STS_CHAOS_BUDGET: '2m', STS_CHAOS_SUITES: 'identity' };
    const a = await cli(['run'], { env });
    expect(a.code).to.equal(0);
    expect(a.stderr).to.equal('');
    expect(a.calls.run).to.have.length(1);
    expect(a.calls.run[0]?.target).to.deep.equal({ namespace: 'env', name: 'web' });
    expect(a.calls.run[0]?.budget.toString()).to.equal('2m');
    const b = await cli(
      ['run', '--target', 'flag/web', '--suites', 'volumes', '--data-path', '/a', '--data-path', '/b'],
      {
        env,
      },
    );
    expect(b.calls.run[0]?.target.namespace).to.equal('flag');
    expect(b.calls.run[0]?.budget.toString()).to.equal('2m');
    expect(b.calls.run[0]?.suites).to.deep.equal(['volumes']);
    expect(b.calls.run[0]?.dataPaths).to.deep.equal(['/a', '/b']);
    expect(await usage(['run'], { ...env, STS_CHAOS_BUDGET: 'soon' })).to.match(
      /^sts-chaos: STS_CHAOS_BUDGET: "soon"/,
    );
  });

  it('reads the config file from --config and STS_CHAOS_CONFIG', async () => {
    const f = files.file('target: file/web\nnodeLoss: {mode: lab}\nbudget: 90\n');
    const a = await cli(['plan', '--config', f]);
    expect(a.code).to.equal(0);
    expect(a.stdout).to.equal('would test file/web\n');
    expect(a.calls.plan[0]?.nodeLoss.mode).to.equal('lab');
    expect(a.calls.plan[0]?.budget.toSeconds()).to.equal(90);
    const b = await cli(['plan', '--node-loss', 'none'], { env: { STS_CHAOS_CONFIG: f } });
    expect(b.calls.plan[0]?.nodeLoss.mode).to.equal('none');
  });

  it('lists through engine.list, on stdout', async () => {
    const r = await cli(['list']);
    expect(r.code).to.equal(0);
    expect(r.calls.list).to.equal(1);
    expect(r.stdout).to.equal('identity  ID-1 names and count\n');
  });

  it('cleans up the namespace of --namespace or --target', async () => {
    const a = await cli(['cleanup', '--namespace', 'demo', '--context', 'lab']);
    expect(a.code).to.equal(0);
    expect(a.calls.cleanup[0]).to.include({ namespace: 'demo', context: 'lab', logLevel: 'info' });
    const b = await cli(['cleanup', '--target', 'demo/web']);
    expect(b.calls.cleanup[0]?.namespace).to.equal('demo');
    expect(await usage(['cleanup'])).to.match(/cleanup needs --namespace/);
    expect(await usage(['cleanup', '--budget', '3m'])).to.match(/unknown option '--budget'/);
  });

  it('passes the engine exit code through', async () => {
    const { engine } = fakeEngine({ run: async () => 1 });
    expect((await cli(['run', '--target', 'demo/web'], { engine })).code).to.equal(1);
  });

  it('takes an exit code from 0 to 255 and nothing else', () => {
    expect(exitCode(0)).to.equal(0);
    expect(exitCode(255)).to.equal(255);
    for (const bad of [-1, 256, 1.5, '0', undefined]) {
      expect(() => exitCode(bad), String(bad)).to.throw(/not an exit code/);
    }
  });
});
