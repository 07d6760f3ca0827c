import { expect } from 'chai';
import { derive } from '../timeline/incarnations.ts';
import { fromJson, timelineFromJson, toJson } from './json.ts';
import { fixtureBaseline } from './testing/baseline.ts';
import { fixtureReport } from './testing/fixture.ts';
import type { RunReport } from './types.ts';

/** The same value with every object's keys inserted in reverse order. */
function reversed<T>(v: T): T {
  if (Array.isArray(v)) return v.map(reversed) as T;
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>)
      .reverse()
      .map(([k, x]) => [k, reversed(x)]),
  ) as T;
}

describe('JSON report', () => {
  it('round-trips the report, timeline included', () => {
    const report = fixtureReport();
    const back = fromJson(toJson(report));
    expect(back).to.deep.equal(JSON.parse(JSON.stringify(report)));
    expect(back.timeline.entries).to.have.length(report.timeline.entries.length);
    expect(timelineFromJson(toJson(report))).to.deep.equal(JSON.parse(JSON.stringify(report.timeline)));
  });

  it('replays: the timeline read back derives the same incarnations', () => {
    const report = fixtureReport();
    const original = derive(report.timeline);
    const replayed = derive(fromJson(toJson(report)).timeline);
    const summary = (d: typeof original) =>
      [...d.ordinals].map(([o, incs]) => [
        o,
        incs.map((i) => [i.uid, i.node, i.createdAt, i.readyAt, i.deletedAt]),
      ]);
    expect(summary(replayed)).to.deep.equal(summary(original));
    expect(replayed.faults.map((f) => f.fault)).to.deep.equal(['pod-kill', 'process-kill']);
  });

  it('is stable: the same report gives the same bytes whatever order its keys were built in', () => {
    const report = fixtureReport();
    expect(toJson(reversed(report))).to.equal(toJson(report));
  });

  it('keeps the schema order of the report and writes each timeline entry on one line', () => {
    const text = toJson(fixtureReport());
    const top = Object.keys(JSON.parse(text));
    expect(top.slice(0, 3)).to.deep.equal(['tool', 'runId', 'target']);
    expect(top.at(-1)).to.equal('timeline');
    const entryLines = text.split('\n').filter((l) => l.startsWith('      {"seq":'));
    expect(entryLines).to.have.length(fixtureReport().timeline.entries.length);
    expect(entryLines[0]).to.match(
      /^ {6}\{"seq":0,"at":\d+,"kind":"object","type":"ADDED","resource":"Node"/,
    );
    expect(text.endsWith('}\n')).to.equal(true);
  });

  it('drops undefined fields like JSON.stringify, and writes Dates as strings', () => {
    const report = { ...fixtureReport(), reason: undefined, extra: new Date(0) } as unknown as RunReport;
    const back = JSON.parse(toJson(report));
    expect(back).to.not.have.property('reason');
    expect(back.extra).to.equal('1970-01-01T00:00:00.000Z');
  });

  it('refuses what is not a report', () => {
    expect(() => fromJson('[]')).to.throw('not an sts-chaos report');
    expect(() => fromJson('{"runId":"x","outcome":"won","steps":[]}')).to.throw('unknown outcome "won"');
    const report = JSON.parse(toJson(fixtureReport()));
    delete report.timeline.entries;
    expect(() => fromJson(JSON.stringify(report))).to.throw('timeline has no entries');
  });

  it('round-trips a comparison with a baseline, before the steps, in its own key order', () => {
    const report = fixtureReport({ baseline: fixtureBaseline() });
    const text = toJson(report);
    expect(fromJson(text).baseline).to.deep.equal(JSON.parse(JSON.stringify(report.baseline)));
    const top = Object.keys(JSON.parse(text));
    expect(top.indexOf('baseline')).to.equal(top.indexOf('steps') - 1);
    const baseline = JSON.parse(text).baseline;
    expect(Object.keys(baseline).slice(0, 2)).to.deep.equal(['verdict', 'summary']);
    expect(Object.keys(baseline.faults[0].phases[0])).to.deep.equal([
      'phase',
      'verdict',
      'why',
      'change',
      'baseline',
      'current',
    ]);
    expect(Object.keys(baseline.faults[0].phases[0].baseline)).to.deep.equal(['n', 'median', 'min', 'max']);
  });
});
