import { expect } from 'chai';
import type { CheckResult } from '../checks/types.ts';
import { TimelineBuilder, ts } from '../timeline/testing/builder.ts';
import type { Entry } from '../timeline/types.ts';
import { toHtml } from './html.ts';
import { fixtureReport, fixtureTimeline, podKillStep, processKillStep } from './testing/fixture.ts';
import { checkMarkup, hasInvalidXmlChar } from './testing/markup.ts';
import { MAX_ROWS } from './timeline-layout.ts';
import type { StepReport } from './types.ts';

function svgOf(page: string): string {
  const from = page.indexOf('<svg');
  const to = page.indexOf('</svg>');
  expect(from, 'an <svg>').to.be.greaterThan(0);
  return page.slice(from, to + '</svg>'.length);
}

describe('HTML report', () => {
  it('is one well-formed page with the verdict, target, run id and times', () => {
    const page = toHtml(fixtureReport());
    expect(page.startsWith('<!DOCTYPE html>')).to.equal(true);
    const names = checkMarkup(page, 'html');
    expect(names.filter((n) => n === 'svg')).to.have.length(1);
    expect(page).to.contain('<h1>FAILED <small>(exit code 1)</small></h1>');
    expect(page).to.contain('<dd>StatefulSet ns/web</dd>');
    expect(page).to.contain('<dd>run-20250101-120000</dd>');
    expect(page).to.contain('<dd>2025-01-01T12:00:00.000Z</dd>');
    expect(page).to.contain('<dd>2025-01-01T12:00:35.000Z</dd>');
  });

  it('is self-contained: no script, no external reference (only the SVG namespace)', () => {
    const page = toHtml(fixtureReport());
    expect(page).to.not.match(/<script|<link|<img|<iframe|@import|src=|href=/i);
    const http = [...page.matchAll(/https?:[^"\s)]*/g)].map((m) => m[0]);
    expect(http).to.deep.equal(['http://www.w3.org/2000/svg']);
    expect(page).to.contain('xmlns="http://www.w3.org/2000/svg"');
  });

  it('has the check table with a cell per check and step, the reason as tooltip', () => {
    const page = toHtml(fixtureReport());
    expect(page).to.match(
      /<tr><th>VOL-3 data survives<\/th><td class="fail" title="[^"]+">FAIL<\/td><td class="pass"/,
    );
    expect(page).to.contain(
      '<td class="skip" title="ID-3 needs to run inside the cluster; this run is outside it">skip</td>',
    );
  });

  it('escapes all text', () => {
    const page = toHtml(fixtureReport());
    expect(page).to.not.contain("<expected 'm2'>");
    expect(page).to.contain(
      'web-2 read &quot;m0&quot; &lt;expected &#39;m2&#39;&gt; &amp; lost the marker\\u0001',
    );
    expect(hasInvalidXmlChar(page)).to.equal(false);
  });

  it('draws one timeline row per ordinal, each incarnation with its short UID and node', () => {
    const svg = svgOf(toHtml(fixtureReport()));
    checkMarkup(svg);
    expect([...svg.matchAll(/<g class="row" data-ordinal="(\d+)">/g)].map((m) => m[1])).to.deep.equal([
      '0',
      '1',
      '2',
    ]);
    // web-2 twice (killed and recreated), web-0 and web-1 once.
    expect(svg.match(/<g class="incarnation"/g)).to.have.length(4);
    expect(svg).to.contain('>uid-web- n2</text>');
    expect(svg).to.match(/<rect class="pending"[^>]*\/><rect class="ready"/);
    expect(svg).to.contain('class="terminating"');
    expect(svg).to.contain('class="unready"'); // web-1 after the process kill
  });

  it('draws fault marks with labels and seconds on the axis', () => {
    const svg = svgOf(toHtml(fixtureReport()));
    expect(svg.match(/<g class="mark fault-start">/g)).to.have.length(2);
    expect(svg.match(/<g class="mark fault-end">/g)).to.have.length(2);
    expect(svg).to.contain('>▶ pod-kill web-2</text>');
    expect(svg).to.contain('>0s</text>');
    expect(svg).to.contain('>30s</text>');
  });

  it('draws a red violation marker on the ordinal row of a failed check, with the message as tooltip', () => {
    const svg = svgOf(toHtml(fixtureReport()));
    const markers = [
      ...svg.matchAll(/<circle class="violation"[^>]*fill="#e03131"[^>]*><title>([^<]*)<\/title><\/circle>/g),
    ];
    expect(markers).to.have.length(1);
    expect(markers[0]?.[1])
      .to.contain('+17s web-2: web-2 read &quot;m0&quot;')
      .and.contain('VOL-3 data survives [step 1');
    // On web-2's row: its cy lies inside the row's band.
    const cy = Number(/<circle class="violation"[^>]* cy="([\d.]+)"/.exec(svg)?.[1]);
    const rowYs = [...svg.matchAll(/<rect x="0" y="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(rowYs).to.have.length(1); // the shaded odd row, web-1
    expect(cy).to.be.greaterThan(rowYs[0] as number);
  });

  it('puts a violation without an ordinal on the axis', () => {
    const results: CheckResult[] = [
      {
        id: 'ORD-4',
        status: 'fail',
        reason: 'a pod appeared',
        violations: [{ at: ts(5), message: 'no <ordinal>' }],
      },
    ];
    const svg = svgOf(toHtml(fixtureReport({ steps: [{ ...podKillStep(), results }, processKillStep()] })));
    expect(svg).to.match(/<path class="violation"[^>]*><title>\+5s: no &lt;ordinal&gt;/);
  });

  it('draws overlapping incarnations of one ordinal in separate lanes', () => {
    const b = new TimelineBuilder()
      .steadyState()
      .at(10)
      .podCreated(1, { node: 'n1', uid: 'dup-1' })
      .at(12)
      .podReady(1);
    const svg = svgOf(toHtml(fixtureReport({ timeline: b.build(20) })));
    const row = /<g class="row" data-ordinal="1">([\s\S]*?)<\/g>\n<g class="row"/.exec(svg)?.[1] ?? '';
    const ys = new Set([...row.matchAll(/<rect class="\w+" x="[\d.]+" y="([\d.]+)"/g)].map((m) => m[1]));
    expect(ys.size).to.equal(2);
  });

  it('caps the rows of a large StatefulSet, keeping the ordinals with violations and faults', function () {
    this.timeout(20_000);
    const b = new TimelineBuilder({ replicas: 500 }).steadyState({ nodes: ['n1', 'n2', 'n3'] });
    b.at(600)
      .faultStart('pod-kill', { ordinal: 450 })
      .podDeleted(450)
      .at(602)
      .podUp(450, 'n3')
      .faultEnd('pod-kill');
    const step: StepReport = {
      ...podKillStep(),
      title: 'pod-kill (graceful) web-450',
      ordinal: 450,
      startedAt: ts(600),
      endedAt: ts(610),
      results: [
        {
          id: 'SB-1',
          status: 'fail',
          reason: 'two pods',
          violations: [{ at: ts(601), ordinal: 470, message: 'web-470 twice' }],
        },
      ],
    };
    const started = Date.now();
    const page = toHtml(fixtureReport({ timeline: b.build(620), steps: [step], finishedAt: ts(620) }));
    expect(Date.now() - started).to.be.lessThan(5000);
    expect(page.length).to.be.lessThan(1_000_000);
    checkMarkup(page, 'html');
    const rows = [...page.matchAll(/<g class="row" data-ordinal="(\d+)">/g)].map((m) => Number(m[1]));
    expect(rows).to.have.length(MAX_ROWS);
    expect(rows).to.include.members([0, 1, 450, 470]);
    expect(page).to.contain(`Showing ${MAX_ROWS} of 500 ordinals`);
    expect(page.match(/<circle class="violation"/g)).to.have.length(1);
  });

  it('still renders the page when the timeline cannot be derived', () => {
    const timeline = { ...fixtureTimeline(), entries: [null as unknown as Entry] };
    const page = toHtml(fixtureReport({ timeline }));
    checkMarkup(page, 'html');
    expect(page).to.contain('The timeline could not be drawn');
    expect(page).to.contain('VOL-3 data survives');
  });

  it('renders a refused run without steps', () => {
    const page = toHtml(
      fixtureReport({ outcome: 'refused', exitCode: 3, steps: [], reason: 'web-1 <not Ready>' }),
    );
    checkMarkup(page, 'html');
    expect(page).to.contain('<h1>REFUSED <small>(exit code 3)</small></h1>');
    expect(page).to.contain('web-1 &lt;not Ready&gt;');
    expect(page).to.contain('No check was evaluated.');
  });

  it("shows a step's findings, escaped, under their own heading; none, no heading", () => {
    const page = toHtml(
      fixtureReport({ steps: [{ ...podKillStep(), findings: ['forced rollback: web-2 <uid>'] }] }),
    );
    expect(page).to.contain('<h2>Findings</h2>');
    expect(page).to.contain('forced rollback: web-2 &lt;uid&gt;');
    expect(toHtml(fixtureReport())).to.not.contain('<h2>Findings</h2>');
  });

  it("a rollout: each bar names its revision, and the update's phases are marked (tooltip)", () => {
    const b = new TimelineBuilder().steadyState();
    b.at(10)
      .faultStart('bad-release', { details: { badImage: 'x:bad' } })
      .podTerminating(2, 2)
      .at(11)
      .podDeleted(2);
    b.at(12).podCreated(2, { node: 'n2', revision: 'web-badbad1234' }).podScheduled(2, 'n2');
    b.at(20)
      .step('rollback')
      .at(50)
      .step('forced-rollback', { pod: 'web-2' })
      .podTerminating(2, 2)
      .at(51)
      .podDeleted(2);
    b.at(52).podUp(2, 'n2').at(55).faultEnd('bad-release');
    const svg = svgOf(toHtml(fixtureReport({ timeline: b.build(60) })));
    checkMarkup(svg);
    expect(svg).to.contain(' r:badbad');
    expect(svg).to.match(/<g class="mark phase"><title>rollback at \+?[\d.]+s<\/title>/);
    expect(svg).to.match(/<title>forced-rollback web-2 at/);
    // One revision all along (no rollout): no revision in the labels.
    expect(svgOf(toHtml(fixtureReport()))).to.not.contain(' r:');
  });
});
