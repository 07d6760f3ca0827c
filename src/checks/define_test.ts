import { expect } from 'chai';
import { TimelineBuilder } from '../timeline/testing/builder.ts';
import { type CheckContext, defineCheck, defineVolumeCheck } from './define.ts';
import { pass } from './result.ts';
import { run } from './testing/run.ts';

describe('defineCheck', () => {
  const meta = { id: 'T-1', title: 'test', tags: ['t'] };

  it('keeps the catalogue fields and hands the body the input taken apart, with its bounds', () => {
    let seen: CheckContext | undefined;
    const check = defineCheck(meta, (ctx) => {
      seen = ctx;
      return pass('T-1', 'ok');
    });
    expect([check.id, check.title, check.tags]).to.deep.equal(['T-1', 'test', ['t']]);
    const tl = new TimelineBuilder().steadyState().at(60).build();
    const r = run(check, tl, {}, { from: 5, to: 50 });
    expect(r.status).to.equal('pass');
    expect(seen?.timeline).to.equal(tl);
    expect(seen?.input.timeline).to.equal(tl);
    expect(seen?.derived).to.equal(seen?.input.derived);
    expect(seen?.options).to.equal(seen?.input.options);
    expect(seen?.bounds).to.deep.equal({ from: 5, to: 50 });
  });

  it('bounds a check without a window by the whole recording', () => {
    let seen: CheckContext | undefined;
    const check = defineCheck(meta, (ctx) => {
      seen = ctx;
      return pass('T-1', 'ok');
    });
    run(check, new TimelineBuilder().steadyState().at(60).build());
    expect(seen?.bounds).to.deep.equal({ from: seen?.derived.startedAt, to: seen?.derived.endedAt });
  });
});

describe('defineVolumeCheck', () => {
  const meta = { id: 'T-2', title: 'test', tags: ['volume'] };
  const check = defineVolumeCheck(meta, () => pass('T-2', 'body ran'));

  it('skips, under its own ID, when the StatefulSet claims no volumes', () => {
    const r = run(check, new TimelineBuilder({ claimTemplates: [] }).steadyState().build());
    expect(r.id).to.equal('T-2');
    expect(r.status).to.equal('skip');
    expect(r.reason).to.equal('StatefulSet web has no volumeClaimTemplates');
  });

  it('runs the body when it does', () => {
    const r = run(check, new TimelineBuilder({ claimTemplates: ['data'] }).steadyState().build());
    expect(r.reason).to.equal('body ran');
  });
});
