import { expect } from 'chai';
import pino from 'pino';
import { RunConfigSchema } from '../../config/schema.ts';
import type { Fault, Victim } from '../../faults/types.ts';
import type { DataCheck } from '../data-check.ts';
import type { GateDecision } from '../guide/gate.ts';
import { demoTarget } from '../testing/target.ts';
import type { StepContext } from './context.ts';
import { prepare } from './prepare.ts';

const target = demoTarget({ claimTemplates: [], claimMounts: {} });

const pod = (i: number, uid: string, node: string) => ({
  metadata: { name: `web-${i}`, uid },
  spec: { nodeName: node },
  status: {
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [{ name: 'web', restartCount: 0 }],
  },
});

/** A step context over pods the test changes, and what happened, in order. */
function world() {
  let pods = [pod(0, 'u0', 'n1'), pod(1, 'u1', 'n2'), pod(2, 'u2', 'n3')];
  const order: string[] = [];
  const recorder = {
    objects: (kind: string) =>
      kind === 'Pod'
        ? pods
        : kind === 'StatefulSet'
          ? [{ metadata: { generation: 1 }, status: { observedGeneration: 1 } }]
          : [],
    waitFor: async (_what: string, _d: unknown, ok: () => boolean) => {
      order.push('health');
      if (!ok()) throw new Error('not healthy');
    },
  };
  const ctx = {
    recorder,
    target,
    config: RunConfigSchema.parse({ target: 'demo/web' }),
    log: pino({ level: 'silent' }),
    signal: new AbortController().signal,
    deps: {},
    markers: false,
  } as unknown as StepContext;
  const fault: Fault = {
    name: 'pod-kill',
    blastRadius: 'pod',
    async applicable(_env, v) {
      order.push(`applicable ${v.pod}`);
      return undefined;
    },
    async inject() {
      throw new Error('prepare never injects');
    },
  };
  const data = {
    async write() {
      order.push('data write');
      return true;
    },
  } as unknown as DataCheck;
  /** A gate answering `answers` in turn, recording the victims it was asked about. */
  const ask = (answers: GateDecision[], during?: () => void) => async (v: Victim) => {
    order.push(`ask ${v.pod} on ${v.node}`);
    during?.();
    return answers.shift() ?? 'continue';
  };
  return {
    ctx,
    fault,
    data,
    ask,
    order,
    set(i: number, uid: string, node: string) {
      pods = pods.map((p) => (p.metadata.name === `web-${i}` ? pod(i, uid, node) : p));
    },
  };
}

describe('prepare, guided (--step)', () => {
  it('asks the operator once the victim is chosen and applicable, before the data check writes anything', async () => {
    const w = world();
    const p = await prepare(w.ctx, w.fault, 1, w.data, w.ask(['continue']));
    expect(p).to.deep.include({ kind: 'inject' });
    expect(w.order).to.deep.equal(['health', 'applicable web-2', 'ask web-2 on n3', 'health', 'data write']);
  });

  it('a skip or an abort returns the answer with the victim; nothing is written', async () => {
    for (const answer of ['skip', 'abort'] as const) {
      const w = world();
      const p = await prepare(w.ctx, w.fault, 1, w.data, w.ask([answer]));
      expect(p).to.deep.equal({
        kind: 'operator',
        answer,
        victim: { ordinal: 2, pod: 'web-2', uid: 'u2', node: 'n3', restartCount: 0 },
      });
      expect(w.order).to.not.include('data write');
    }
  });

  it('acts on the victim as it is after the answer (a new incarnation of the same pod on the same node)', async () => {
    const w = world();
    const p = await prepare(
      w.ctx,
      w.fault,
      1,
      w.data,
      w.ask(['continue'], () => w.set(2, 'u2-new', 'n3')),
    );
    expect(p).to.deep.include({ kind: 'inject' });
    expect(p.kind === 'inject' && p.victim.uid).to.equal('u2-new');
    expect(w.order.filter((o) => o.startsWith('ask'))).to.have.length(1);
  });

  it('asks again when the victim moved to another node while the operator answered', async () => {
    const w = world();
    let moved = false;
    const p = await prepare(
      w.ctx,
      w.fault,
      1,
      w.data,
      w.ask(['continue', 'continue'], () => {
        if (!moved) w.set(2, 'u2-new', 'n1');
        moved = true;
      }),
    );
    expect(p.kind === 'inject' && p.victim).to.deep.include({ pod: 'web-2', node: 'n1', uid: 'u2-new' });
    expect(w.order.filter((o) => o.startsWith('ask') || o.startsWith('applicable'))).to.deep.equal([
      'applicable web-2',
      'ask web-2 on n3',
      'applicable web-2',
      'ask web-2 on n1',
    ]);
  });

  it('without a gate, asks nobody', async () => {
    const w = world();
    expect(await prepare(w.ctx, w.fault, 1, w.data)).to.deep.include({ kind: 'inject' });
    expect(w.order).to.deep.equal(['health', 'applicable web-2', 'data write']);
  });
});
