import { expect } from 'chai';
import { ts } from '../timeline/testing/builder.ts';
import { toJUnit } from './junit.ts';
import { fixtureReport, fixtureSteps, podKillStep, processKillStep, skip } from './testing/fixture.ts';
import { checkMarkup, hasInvalidXmlChar } from './testing/markup.ts';

/** The attributes of the first element `name` whose attributes contain `having`. */
function attrs(xml: string, name: string, having = ''): Record<string, string> {
  for (const m of xml.matchAll(new RegExp(`<${name}((?:\\s+[\\w:-]+="[^"]*")*)\\s*/?>`, 'g'))) {
    const raw = m[1] ?? '';
    if (!raw.includes(having)) continue;
    return Object.fromEntries([...raw.matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]]));
  }
  throw new Error(`no <${name}> with ${having}`);
}

describe('JUnit report', () => {
  it('is well-formed XML with one testsuite per suite and one testcase per check per step', () => {
    const xml = toJUnit(fixtureReport());
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).to.equal(true);
    const names = checkMarkup(xml);
    expect(names.filter((n) => n === 'testsuite')).to.have.length(1);
    expect(names.filter((n) => n === 'testcase')).to.have.length(10);
    expect(attrs(xml, 'testsuites')).to.include({
      tests: '10',
      failures: '1',
      errors: '0',
      skipped: '2',
      time: '35',
      timestamp: '2025-01-01T12:00:00.000Z',
    });
    expect(attrs(xml, 'testsuite')).to.include({
      name: 'pod-faults',
      tests: '10',
      failures: '1',
      errors: '0',
      skipped: '2',
    });
  });

  it('names each testcase after the check and the step, in the suite class, timed in seconds', () => {
    const xml = toJUnit(fixtureReport());
    expect(attrs(xml, 'testcase', 'VOL-3')).to.deep.equal({
      name: 'VOL-3 data survives [pod-kill (graceful) web-2]',
      classname: 'sts-chaos.pod-faults',
      time: '10',
    });
    expect(attrs(xml, 'testcase', 'process-kill web-1')).to.include({ time: '7.5' });
  });

  it('gives a failed check a <failure> with its reason and violations, escaped', () => {
    const xml = toJUnit(fixtureReport());
    const failure = attrs(xml, 'failure');
    expect(failure.type).to.equal('VOL-3');
    expect(failure.message).to.equal(
      'web-2 read &quot;m0&quot; &lt;expected &apos;m2&apos;&gt; &amp; lost the marker\\u0001',
    );
    expect(xml).to.contain(
      `+17s web-2: web-2 read "m0" &lt;expected 'm2'&gt; &amp; lost the marker\\u0001</failure>`,
    );
    expect(hasInvalidXmlChar(xml)).to.equal(false);
    expect(xml.match(/<failure /g)).to.have.length(1);
  });

  it("puts a step's findings (a forced rollback) in its suite's <system-out>, escaped; none, no element", () => {
    const finding = 'rollback needed a manual pod deletion (forced rollback): web-2 <uid u> (OrderedReady)';
    const xml = toJUnit(fixtureReport({ steps: [{ ...podKillStep(), findings: [finding] }] }));
    checkMarkup(xml);
    expect(xml).to.contain(
      '<system-out>finding of step 1 (pod-kill (graceful) web-2): rollback needed a manual pod deletion (forced rollback): web-2 &lt;uid u&gt; (OrderedReady)</system-out>\n  </testsuite>',
    );
    expect(toJUnit(fixtureReport())).to.not.contain('<system-out>');
  });

  it('gives a skipped check <skipped message="reason"/>', () => {
    const xml = toJUnit(fixtureReport());
    expect(
      xml.match(/<skipped message="ID-3 needs to run inside the cluster; this run is outside it"\/>/g),
    ).to.have.length(2);
  });

  it('keeps one testsuite per suite in order of appearance', () => {
    const steps = [podKillStep(), { ...processKillStep(), suite: 'node-faults' }];
    const xml = toJUnit(fixtureReport({ steps }));
    expect([...xml.matchAll(/<testsuite name="([^"]+)"/g)].map((m) => m[1])).to.deep.equal([
      'pod-faults',
      'node-faults',
    ]);
    expect(attrs(xml, 'testcase', 'process-kill')).to.include({ classname: 'sts-chaos.node-faults' });
  });

  it('tells repeated steps apart', () => {
    const xml = toJUnit(fixtureReport({ steps: [podKillStep(), podKillStep()] }));
    expect(xml).to.contain('name="ID-1 names and count [pod-kill (graceful) web-2]"');
    expect(xml).to.contain('name="ID-1 names and count [pod-kill (graceful) web-2 #2]"');
  });

  it('adds an <error> testcase when the run was interrupted, so CI never sees green', () => {
    const xml = toJUnit(
      fixtureReport({ outcome: 'interrupted', exitCode: 4, reason: 'SIGTERM during step 2 & "revert" ran' }),
    );
    checkMarkup(xml);
    expect(attrs(xml, 'testsuites')).to.include({ tests: '11', failures: '1', errors: '1' });
    expect(attrs(xml, 'testsuite', 'name="run"')).to.include({ tests: '1', errors: '1', failures: '0' });
    expect(attrs(xml, 'testcase', 'sts-chaos.run')).to.include({ name: 'run ns/web run-20250101-120000' });
    expect(attrs(xml, 'error')).to.deep.equal({
      message: 'INTERRUPTED (exit code 4): SIGTERM during step 2 &amp; &quot;revert&quot; ran',
      type: 'interrupted',
    });
  });

  it('adds an <error> testcase for a step whose fault had no effect, in its suite, and no run-level one', () => {
    const errored = {
      ...processKillStep(),
      step: 'volumes/process-kill',
      error: 'kill -TERM 1 exited 1: Operation not permitted',
      results: [skip('VOL-1', 'not judged: process-kill had no effect')],
    };
    const xml = toJUnit(
      fixtureReport({
        steps: [errored],
        outcome: 'failed',
        exitCode: 1,
        reason: 'failed: process-kill web-1 had no effect',
      }),
    );
    checkMarkup(xml);
    expect(attrs(xml, 'testsuites')).to.include({ tests: '2', failures: '0', errors: '1', skipped: '1' });
    expect(attrs(xml, 'testcase', 'volumes/process-kill')).to.include({
      name: 'volumes/process-kill [process-kill web-1]',
      classname: 'sts-chaos.pod-faults',
    });
    expect(attrs(xml, 'error').message).to.match(
      /had no effect, its checks were not judged: kill -TERM 1 exited 1/,
    );
    expect(xml).to.not.contain('sts-chaos.run');
  });

  it('errors a refused run with no steps, quoting the preflight', () => {
    const xml = toJUnit(
      fixtureReport({
        outcome: 'refused',
        exitCode: 3,
        reason: 'web-1 is not Ready before any fault',
        steps: [],
        preflight: ['web-1: Running, not Ready <since 5m>'],
      }),
    );
    checkMarkup(xml);
    expect(attrs(xml, 'testsuites')).to.include({ tests: '1', errors: '1', failures: '0' });
    expect(xml).to.contain('Preflight:\nweb-1: Running, not Ready &lt;since 5m&gt;');
  });

  it('errors a run whose revert failed, naming what needs a human', () => {
    const xml = toJUnit(
      fixtureReport({
        outcome: 'revert-failed',
        exitCode: 5,
        leftovers: ['node n2 still cordoned: kubectl uncordon n2'],
      }),
    );
    expect(attrs(xml, 'error')).to.include({ type: 'revert-failed' });
    expect(xml).to.contain('Needs a human:\nnode n2 still cordoned: kubectl uncordon n2');
  });

  it('errors a failed run without any failed check, and adds nothing to a passed one', () => {
    const steps = fixtureSteps().map((s) => ({
      ...s,
      results: s.results.filter((r) => r.status !== 'fail'),
    }));
    const failed = toJUnit(fixtureReport({ steps, outcome: 'failed', exitCode: 1 }));
    expect(attrs(failed, 'testsuites')).to.include({ failures: '0', errors: '1' });
    const passed = toJUnit(fixtureReport({ steps, outcome: 'passed', exitCode: 0, reason: undefined }));
    expect(attrs(passed, 'testsuites')).to.include({ tests: '9', failures: '0', errors: '0' });
    expect(passed).to.not.contain('<error');
  });

  it('writes 0 for a negative or missing duration', () => {
    const xml = toJUnit(fixtureReport({ steps: [{ ...podKillStep(), startedAt: ts(20), endedAt: ts(10) }] }));
    expect(attrs(xml, 'testcase')).to.include({ time: '0' });
  });
});
