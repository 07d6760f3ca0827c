import { expect } from 'chai';
import { derive } from './derive.ts';
import { TimelineBuilder } from './testing/builder.ts';

describe('derive', () => {
  it('derives in one pass: time grows linearly with entries', function () {
    this.timeout(30_000);
    const make = (n: number) => {
      const b = new TimelineBuilder({ replicas: n });
      for (let i = 0; i < n; i++)
        b.at(i)
          .podUp(i)
          .at(i + 0.5)
          .podUnready(i)
          .podReady(i);
      return b.build();
    };
    const small = make(4000);
    const large = make(32000);
    /** The best of several runs, to keep GC and JIT noise out. */
    const time = (tl: ReturnType<typeof make>) => {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 11; i++) {
        const t0 = performance.now();
        derive(tl);
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    time(small);
    // 8x the entries: about 8x the time when linear, 64x when quadratic (the bound leaves room for a
    // loaded machine). Runs long enough that a busy core's noise does not swamp the small one.
    const ratio = time(large) / Math.max(time(small), 0.5);
    expect(ratio).to.be.below(24);
  });

  it('leaves out objects of a kind it does not know', () => {
    const tl = new TimelineBuilder().at(0).steadyState().build();
    const first = tl.entries.find((e) => e.kind === 'object');
    const unknown = ['ConfigMap', 'constructor', 'toString'].map((resource) => ({ ...first, resource }));
    const withUnknown = { ...tl, entries: [...tl.entries, ...unknown] } as typeof tl;
    const d = derive(withUnknown);
    expect([...d.ordinals.keys()]).to.deep.equal([...derive(tl).ordinals.keys()]);
  });

  it('gives a read-only result: the type system refuses changes', () => {
    const d = derive(new TimelineBuilder().at(0).steadyState().build());
    // Never called: it only has to compile, each line failing as expected.
    const _mutations = () => {
      const inc = d.ordinals.get(0)?.[0];
      if (!inc) return;
      // @ts-expect-error readonly array
      inc.readyAt.push(1);
      // @ts-expect-error readonly field
      inc.ready = false;
      // @ts-expect-error readonly record
      inc.restartCounts.app = 3;
      // @ts-expect-error readonly map
      d.ordinals.delete(0);
      // @ts-expect-error readonly nested map
      d.endpoints.get('web-h')?.clear();
      const span = d.nodes.get('n1')?.present[0];
      const sample = d.samples.role[0];
      const fault = d.faults[0];
      if (!span || !sample || !fault) return;
      // @ts-expect-error readonly span
      span.to = 1;
      // @ts-expect-error readonly samples
      d.samples.role.push(sample);
      // @ts-expect-error readonly fault
      fault.endedAt = 1;
    };
    expect(_mutations).to.be.a('function');
    expect(d.ordinals.get(0)?.[0]?.ready).to.equal(true);
  });
});
